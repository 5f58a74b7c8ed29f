"""The layout's fragments (banner, header, footer) are rendered once a process and kept in the
"layout" cache (config/settings/base.py): what varies stays right for every visitor and page."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    ProgramStaffFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard")
TRIAGE = reverse("intake:triage_queue")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sign_out_token(html: str) -> str:
    form = html.split('class="continuum-nav-form"', 1)[1].split("</form>", 1)[0]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_the_header_is_kept_but_each_session_signs_out_with_its_own_token():
    first, second = _signed_in(ProgramStaffFactory()), _signed_in(ProgramStaffFactory())
    first_page = first.get(DASHBOARD).content.decode()
    assert caches["layout"]._cache  # the header, banner and footer are kept from here on
    second_page = second.get(DASHBOARD).content.decode()
    assert _sign_out_token(first_page) != _sign_out_token(second_page)
    # Each token signs its own session out (CSRF checks on: the middleware's own rules).
    second.handler.enforce_csrf_checks = True
    answer = second.post(
        reverse("accounts:logout"), {"csrfmiddlewaretoken": _sign_out_token(second_page)}
    )
    assert answer.status_code == 302
    assert second.get(DASHBOARD).status_code == 302  # signed out: sent to sign in


def test_the_header_follows_the_page_and_the_kind_of_account():
    staff = _signed_in(ProgramStaffFactory())
    dashboard = staff.get(DASHBOARD).content.decode()
    queue = staff.get(TRIAGE).content.decode()
    assert 'aria-current="page"><span>My work' in dashboard
    assert 'aria-current="page"><span>My work' not in queue
    assert 'aria-current="page"><span>Triage' in queue
    assert "Administration" not in dashboard

    administrator = _signed_in(AdministratorFactory()).get(DASHBOARD).content.decode()
    assert "Administration" in administrator

    member = _signed_in(AgencyMembershipFactory().user).get(DASHBOARD).content.decode()
    assert ">My requests<" in member and ">Triage<" not in member

    anonymous = Client().get(reverse("core:home")).content.decode()
    assert ">Sign in<" in anonymous and "Sign out" not in anonymous
    assert "continuum-nav-form" not in anonymous


def test_the_footer_follows_the_help_contacts_the_settings_give(settings):
    # A signed-in page: never in the public page cache, so only the layout cache is at work.
    staff = _signed_in(ProgramStaffFactory())
    assert "202-555-0147" not in staff.get(DASHBOARD).content.decode()
    with override_settings(CONTINUUM={**settings.CONTINUUM, "HELP_PHONE": "202-555-0147"}):
        assert "202-555-0147" in staff.get(DASHBOARD).content.decode()


def test_a_changed_template_file_clears_the_kept_fragments_in_development(tmp_path):
    from django.utils.autoreload import file_changed

    caches["layout"].set("fragment", "kept")
    file_changed.send(sender=None, file_path=tmp_path / "script.py")
    assert caches["layout"].get("fragment") == "kept"  # Python changes restart the server
    file_changed.send(sender=None, file_path=tmp_path / "header.html")
    assert caches["layout"].get("fragment") is None
