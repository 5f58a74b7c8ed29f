"""The access map: every URL name of the site, and who may use it.

Deny by default. A URL name missing from this map answers 404 to everyone, and a test walks
the whole URLconf and fails on any unmapped name. Rules here are about roles; rights on one
object (this agency's request, that engagement) are checked again in the view through the
app's `permissions.py`, and the object is answered with 404 when the user may not see it.
"""

from __future__ import annotations

import fnmatch
from enum import StrEnum

from django.http import Http404


class Access(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not (the view opts out of LoginRequiredMiddleware)
    SIGNED_IN = "signed_in"  # any signed-in user; per-object rules inside the view
    PROGRAM_STAFF = "program_staff"  # program staff and administrators
    ADMINISTRATOR = "administrator"  # administrators (Django admin checks this itself too)


ACCESS_MAP: dict[str, Access] = {
    # core
    "core:home": Access.PUBLIC,
    # catalog
    "catalog:programs": Access.PUBLIC,
    "catalog:program": Access.PUBLIC,
    # agencies
    "agencies:directory": Access.PUBLIC,
    # accounts
    "accounts:login": Access.PUBLIC,
    "accounts:logout": Access.PUBLIC,
    "accounts:dashboard": Access.SIGNED_IN,
    # the administration site: every admin URL, login included, is guarded by the admin itself
    "admin:*": Access.ADMINISTRATOR,
}

#: Admin URLs that must stay reachable before sign-in (the admin's own login page).
ADMIN_PUBLIC = {"admin:login"}


def rule_for(view_name: str | None) -> Access | None:
    if not view_name:
        return None
    if view_name in ACCESS_MAP:
        return ACCESS_MAP[view_name]
    for pattern, rule in ACCESS_MAP.items():
        if "*" in pattern and fnmatch.fnmatchcase(view_name, pattern):
            return rule
    return None


def user_satisfies(user, rule: Access) -> bool:
    if rule is Access.PUBLIC:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if rule is Access.SIGNED_IN:
        return True
    if rule is Access.PROGRAM_STAFF:
        return bool(user.is_program_staff or user.is_superuser)
    if rule is Access.ADMINISTRATOR:
        return bool(user.is_superuser)
    return False


class AccessMapMiddleware:
    """Enforces the access map for every resolved view (after LoginRequiredMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else None
        rule = rule_for(name)
        if rule is None:
            raise Http404("This address is not in the access map.")
        if rule is Access.ADMINISTRATOR and name and name.startswith("admin:"):
            # The admin redirects anonymous and non-staff users to its own login page.
            return None
        if rule is not Access.PUBLIC and not request.user.is_authenticated:
            return None  # LoginRequiredMiddleware already sent them to sign in
        if not user_satisfies(request.user, rule):
            raise Http404("Not found.")
        return None
