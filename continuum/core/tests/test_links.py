"""Links for a whole list (`continuum.core.links`): the same URLs as one `reverse()` a row."""

from __future__ import annotations

import uuid

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from continuum.core.links import urls_by_pk, urls_by_public_id


@pytest.fixture
def mounted_under_a_prefix():
    """The site served under a path of its own, as behind a proxy (SCRIPT_NAME)."""
    before = get_script_prefix()
    set_script_prefix("/continuum/")
    yield
    set_script_prefix(before)


@pytest.mark.parametrize("pk", [1, 9, 10, 2026, 18698, "42", 2**63 - 1])
def test_urls_by_pk_are_the_urls_reverse_gives(pk):
    url_of = urls_by_pk("accounts:membership_detail")
    assert url_of(pk) == reverse("accounts:membership_detail", args=[pk])


def test_urls_by_pk_keep_the_script_prefix(mounted_under_a_prefix):
    url_of = urls_by_pk("accounts:membership_verify")
    assert url_of(7) == "/continuum/accounts/memberships/7/verify/"
    assert url_of(7) == reverse("accounts:membership_verify", args=[7])


@pytest.mark.parametrize("pk", [-1, "7/../admin", "", None, 1.5j])
def test_urls_by_pk_refuse_what_is_not_a_primary_key(pk):
    url_of = urls_by_pk("accounts:membership_detail")
    with pytest.raises((ValueError, TypeError)):
        url_of(pk)


def test_urls_by_public_id_are_the_urls_reverse_gives():
    url_of = urls_by_public_id("intake:triage_detail")
    public_id = uuid.uuid4()
    assert url_of(public_id) == reverse("intake:triage_detail", args=[public_id])
    assert url_of(str(public_id)) == reverse("intake:triage_detail", args=[public_id])
    with pytest.raises(ValueError):
        url_of("not-a-uuid")
