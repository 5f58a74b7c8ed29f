"""API tokens: issue, hash-only storage, revoke, the tokens page and the command."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from continuum.accounts.tests.factories import UserFactory
from continuum.api.models import ApiToken
from continuum.api.selectors import api_token_for_key
from continuum.api.services import (
    ACTIVE_TOKENS_MAX,
    api_token_issue,
    api_token_revoke,
    key_hash,
)

pytestmark = pytest.mark.django_db


def test_issue_stores_only_a_hash_and_the_key_finds_the_token():
    user = UserFactory()
    issued = api_token_issue(actor=user, user=user, name="Records sync")
    token = ApiToken.objects.get()
    assert issued.key not in {token.key_hash, token.key_prefix}
    assert token.key_hash == key_hash(issued.key)
    assert issued.key.startswith(token.key_prefix)
    assert api_token_for_key(issued.key) == token
    assert api_token_for_key(issued.key + "x") is None


def test_revoked_token_no_longer_finds_its_user():
    user = UserFactory()
    issued = api_token_issue(actor=user, user=user, name="Sync")
    api_token_revoke(actor=user, token=issued.token)
    assert api_token_for_key(issued.key) is None
    assert ApiToken.objects.get().revoked_at is not None


def test_turned_off_account_key_finds_nothing():
    user = UserFactory()
    issued = api_token_issue(actor=user, user=user, name="Sync")
    user.is_active = False
    user.save()
    assert api_token_for_key(issued.key) is None


def test_nobody_issues_or_revokes_for_someone_else():
    owner, other = UserFactory(), UserFactory()
    with pytest.raises(ValidationError):
        api_token_issue(actor=other, user=owner, name="Sneaky")
    issued = api_token_issue(actor=owner, user=owner, name="Mine")
    with pytest.raises(ValidationError):
        api_token_revoke(actor=other, token=issued.token)


def test_blank_name_and_too_many_tokens_are_refused_with_a_message():
    user = UserFactory()
    with pytest.raises(ValidationError, match="Give the token a name"):
        api_token_issue(actor=user, user=user, name="  ")
    for n in range(ACTIVE_TOKENS_MAX):
        api_token_issue(actor=user, user=user, name=f"Token {n}")
    with pytest.raises(ValidationError, match="Revoke one"):
        api_token_issue(actor=user, user=user, name="One too many")


def test_tokens_page_makes_a_token_shows_the_key_once_and_revokes(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("api:tokens")
    response = client.post(url, {"name": "Records sync"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    key = response.context["issued"].key
    assert key in response.content.decode()
    again = client.get(url)
    assert key not in again.content.decode()
    assert "Records sync" in again.content.decode()

    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_tokens_page_blank_name_shows_a_message(client):
    client.force_login(UserFactory())
    response = client.post(reverse("api:tokens"), {"name": ""})
    assert response.status_code == 422
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_someone_elses_token_cannot_be_revoked_from_the_page(client):
    owner, other = UserFactory(), UserFactory()
    issued = api_token_issue(actor=owner, user=owner, name="Mine")
    client.force_login(other)
    response = client.post(reverse("api:token_revoke", args=[issued.token.pk]))
    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_tokens_page_needs_sign_in(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_command_prints_a_working_key():
    user = UserFactory(email="analyst@example.gov")
    out = StringIO()
    call_command("api_token_issue", "--email", "ANALYST@example.gov", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert api_token_for_key(key).user == user


def test_command_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="No account has the email address"):
        call_command("api_token_issue", "--email", "nobody@example.gov", stderr=StringIO())
