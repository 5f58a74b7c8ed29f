"""Helpers for the request-form tests: walk the steps with the test client."""

from __future__ import annotations

from django.urls import resolve, reverse

from continuum.catalog.models import Service
from continuum.intake.models import AssistanceRequest

PASSWORD = "quiet harbor lantern 4417"


def step_url(draft: AssistanceRequest, step: str) -> str:
    if step == "review":
        return reverse("intake:request_review", kwargs={"public_id": draft.public_id})
    return reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": step})


def start_draft(client) -> AssistanceRequest:
    response = client.post(reverse("intake:request_start"))
    assert response.status_code == 302, response
    public_id = resolve(response.url).kwargs["public_id"]
    return AssistanceRequest.objects.get(public_id=public_id)


def agency_answers(agency) -> dict:
    return {"agency": agency.pk, "action": "continue"}


def you_answers(email: str = "pat.rivera@riverton.gov", *, with_account: bool = True) -> dict:
    data = {
        "requester_name": "Pat Rivera",
        "requester_title": "Lieutenant",
        "requester_email": email,
        "requester_phone": "555-201-4477",
        "action": "continue",
    }
    if with_account:
        data.update(password1=PASSWORD, password2=PASSWORD)
    return data


def authorization_answers(chief_email: str = "chief.morgan@riverton.gov") -> dict:
    return {
        "chief_name": "Alex Morgan",
        "chief_title": "Chief of Police",
        "chief_email": chief_email,
        "attests_voluntary": "on",
        "attests_chief_supports": "on",
        "action": "continue",
    }


def needs_answers(*, incident: bool = True, services: tuple[str, ...] = ("policy-review",)) -> dict:
    return {
        "services": [Service.objects.get(slug=slug).pk for slug in services],
        "concern_scope": "specific",
        "narrative": "After a shooting last month we want an outside review of our policies.",
        "desired_timeframe": "soon",
        "has_critical_incident": "yes" if incident else "no",
        "action": "continue",
    }


def incident_answers() -> dict:
    return {
        "incident_date": "3/14/2024",
        "incident_kind": "officer_involved_shooting",
        "incident_public_attention": "local",
        "other_reviews_underway": "yes",
        "other_reviews_detail": "The state police are investigating.",
        "action": "continue",
    }


def sign_in_as(client, email: str, password: str = PASSWORD) -> None:
    """Sign in in the same browser session, as the person does before sending (the session's
    drafts stay with it)."""
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:3000]


def fill_all_steps(
    client,
    agency,
    *,
    incident: bool = True,
    with_account: bool = True,
    sign_in: bool = True,
    **kw,
):
    """Start a draft and answer every step; returns the draft (not yet submitted).

    A person without an account creates one at step 2 and (with `sign_in`) signs in right
    after, in the same session, so the following steps and the sending are theirs.
    """
    draft = start_draft(client)
    email = kw.get("email", "pat.rivera@riverton.gov")
    for step, data in (
        ("agency", agency_answers(agency)),
        ("you", you_answers(email, with_account=with_account)),
        (
            "authorization",
            authorization_answers(kw.get("chief_email", "chief.morgan@riverton.gov")),
        ),
        ("needs", needs_answers(incident=incident)),
    ):
        response = client.post(step_url(draft, step), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        if step == "you" and with_account and sign_in:
            sign_in_as(client, email)
    if incident:
        response = client.post(step_url(draft, "incident"), incident_answers())
        assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    return draft
