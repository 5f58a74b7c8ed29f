"""Access policies: each model's visibility rule, declared once, and everything derived from it.

A policy names one model and says, for a user:

- ``visible_to(user) -> Q``: the rows the user may see at all. Every selector starts from
  ``policy.queryset(user)``, so lists, counts and pages cannot disagree about what exists.
- ``view(user, obj) -> bool``: the same rule for one object already in memory. A property test
  (``continuum/core/tests/test_policy_properties.py``) generates users of every role and objects
  of every agency and proves that ``view`` and ``visible_to`` always agree.
- named rules (``decide``, ``withdraw``, ...): methods listed in ``rules``. The ``can_*``
  predicates of each app's ``permissions.py`` and the permissions of its state machine's
  transitions are these rules, taken with ``policy.predicate(name)``. Unless a rule is listed in
  ``rules_without_view`` it only ever holds where ``view`` does (also proved by the test).
- ``audience_of(user, obj) -> Audience``: which audiences' events the user is shown on the
  object, and ``event_audiences``: which audiences see each event verb. Events store their
  audiences when they are written (``continuum.activity.services.event_record`` asks the
  target's policy), so a later change of rule never reveals an old internal note.

Models without a policy are visible to nobody through these helpers, and their events are shown
to program staff only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q, QuerySet


class Audience(enum.IntFlag):
    """Who an event (or later, a document) is shown to. Stored on each event as a bit mask."""

    NONE = 0
    STAFF = 1  # program staff and administrators
    PROVIDER = 2  # provider organizations' staff and experts on the work
    AGENCY = 4  # the agency side: the requester and the agency's verified members
    PUBLIC = 8  # anyone

    @classmethod
    def everyone(cls) -> Audience:
        return cls.STAFF | cls.PROVIDER | cls.AGENCY | cls.PUBLIC

    def labels(self) -> list[str]:
        return [AUDIENCE_LABELS[a] for a in AUDIENCE_LABELS if a in self]


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.STAFF: "Program staff",
    Audience.PROVIDER: "Providers and experts",
    Audience.AGENCY: "The agency",
    Audience.PUBLIC: "The public",
}


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_program_staff(user: Any) -> bool:
    """Program staff or administrator, with an active account: the people who run the program."""
    return is_active_user(user) and bool(user.is_program_staff or user.is_superuser)


Rule = Callable[[Any, Any], bool]

#: A condition no row meets (Django answers it without asking the database).
NOTHING = Q(pk__in=[])


class Policy:
    """Subclass once per model and register an instance: ``THINGS = register(ThingPolicy())``."""

    model: ClassVar[type[models.Model]]
    #: Named rules other than ``view``: each is a method ``(self, user, obj) -> bool``.
    rules: ClassVar[tuple[str, ...]] = ()
    #: Rules that may hold without ``view`` (a draft started without an account, say).
    rules_without_view: ClassVar[frozenset[str]] = frozenset()
    #: Who sees each event verb on this model; verbs not listed get the default.
    event_audiences: ClassVar[dict[str, Audience]] = {}
    default_event_audience: ClassVar[Audience] = Audience.STAFF

    # --- the rule, declared by each policy ----------------------------------------------

    def visible_to(self, user: Any) -> Q:
        raise NotImplementedError

    def view(self, user: Any, obj: Any) -> bool:
        raise NotImplementedError

    def audience_of(self, user: Any, obj: Any) -> Audience:
        """The audiences whose events this user is shown on `obj` (none when they cannot see it).

        Program staff see every event; the default says nobody else is anybody's audience.
        """
        if not self.view(user, obj):
            return Audience.NONE
        return Audience.everyone() if is_program_staff(user) else Audience.PUBLIC

    # --- derived ------------------------------------------------------------------------

    def queryset(self, user: Any) -> QuerySet:
        """The model's rows this user may see: the base of every selector."""
        return self.model._default_manager.filter(self.visible_to(user))

    def allows(self, rule: str, user: Any, obj: Any) -> bool:
        if rule == "view":
            return self.view(user, obj)
        if rule not in self.rules:
            raise KeyError(f"{type(self).__name__} has no rule {rule!r}")
        return bool(getattr(self, rule)(user, obj))

    def predicate(self, rule: str) -> Rule:
        """The rule as a plain ``(user, obj) -> bool`` function (for ``can_*`` and transitions)."""
        if rule != "view" and rule not in self.rules:
            raise KeyError(f"{type(self).__name__} has no rule {rule!r}")

        def check(user: Any, obj: Any) -> bool:
            return self.allows(rule, user, obj)

        check.__name__ = f"can_{rule}_{self.model._meta.model_name}"
        check.__doc__ = f"The {rule!r} rule of {type(self).__name__}."
        return check

    def event_audience(self, verb: str) -> Audience:
        return self.event_audiences.get(verb, self.default_event_audience)


class PublicPolicy(Policy):
    """Reference data everyone may read (the directory, the catalog)."""

    def visible_to(self, user: Any) -> Q:
        return Q()

    def view(self, user: Any, obj: Any) -> bool:
        return True


_REGISTRY: dict[type[models.Model], Policy] = {}
P = TypeVar("P", bound=Policy)


def register(policy: P) -> P:
    """Make `policy` the one policy of its model; returns it (``REQUESTS = register(...)``)."""
    model = policy.model
    if model in _REGISTRY and type(_REGISTRY[model]) is not type(policy):
        raise ValueError(f"{model.__name__} already has a policy: {_REGISTRY[model]!r}")
    _REGISTRY[model] = policy
    return policy


def policy_for(model_or_obj: Any) -> Policy | None:
    """The policy of a model (class or instance), or None when it has none."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    model = model._meta.concrete_model if hasattr(model, "_meta") else model
    return _REGISTRY.get(model)


def registered_policies() -> dict[type[models.Model], Policy]:
    return dict(_REGISTRY)


def visible(model: type[models.Model], user: Any) -> QuerySet:
    """`model`'s rows `user` may see (none for a model without a policy)."""
    policy = policy_for(model)
    if policy is None:
        return model._default_manager.none()
    return policy.queryset(user)


def can(user: Any, rule: str, obj: Any) -> bool:
    """Whether `user` may `rule` `obj` (False for a model without a policy)."""
    policy = policy_for(obj)
    return bool(policy and policy.allows(rule, user, obj))
