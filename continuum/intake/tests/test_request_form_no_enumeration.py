"""The request form never tells whether an email address already has an account: the "You"
step answers the same page, status, redirect and words either way."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from continuum.accounts.models import User
from continuum.accounts.tests.factories import UserFactory
from continuum.agencies.tests.factories import AgencyFactory

from .request_form_helpers import PASSWORD, agency_answers, start_draft, step_url, you_answers


def _step_two(client, email: str):
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(AgencyFactory()))
    response = client.post(step_url(draft, "you"), you_answers(email))
    words = [str(m) for m in get_messages(response.wsgi_request)]
    following = client.get(response.url) if response.status_code == 302 else None
    return draft, response, words, following


def _same_shape(draft, response, words, following, email):
    return (
        response.status_code,
        response.url.replace(str(draft.public_id), "<draft>"),
        tuple(w.replace(email, "<email>") for w in words),
        following.status_code,
        "_auth_user_id" in following.wsgi_request.session,
    )


@pytest.mark.django_db
def test_the_you_step_answers_the_same_for_a_new_and_a_known_address(
    client, django_capture_on_commit_callbacks
):
    known = UserFactory(email="known@riverton.gov")
    known_password = known.password
    with django_capture_on_commit_callbacks(execute=True):
        new_result = _step_two(client, "new@riverton.gov")
    client.logout()
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known_result = _step_two(client, "Known@Riverton.gov")

    assert _same_shape(*new_result, "new@riverton.gov") == _same_shape(
        *known_result, "known@riverton.gov"
    )
    new_page = new_result[3].content.decode().replace("new@riverton.gov", "<email>")
    known_page = known_result[3].content.decode().replace("known@riverton.gov", "<email>")
    # The next page says the same (the draft's own id and the CSRF token aside).
    for phrase in ("We emailed", "sign in with this address"):
        assert phrase in new_page and phrase in known_page
    assert "already" not in known_page.lower().replace("already uses", "")

    # Behind the scenes: a new account for the new address; the known one is untouched and its
    # owner is told by email instead.
    assert User.objects.filter(email="new@riverton.gov").get().check_password(PASSWORD)
    known.refresh_from_db()
    assert known.password == known_password
    assert User.objects.count() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "/accounts/verify-email/" in by_address["new@riverton.gov"].body
    assert "You already have an account" in by_address["known@riverton.gov"].body


@pytest.mark.django_db
def test_the_answer_stays_the_same_when_the_emails_are_rate_limited(client):
    UserFactory(email="known@riverton.gov")
    results = [_step_two(client, "known@riverton.gov") for _ in range(5)]
    shapes = {_same_shape(*r, "known@riverton.gov") for r in results}
    assert len(shapes) == 1
