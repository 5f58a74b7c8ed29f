"""Deliverables: adding, the review workflow step by step (notes, events, the agency's email),
who may take each step, and the pages (404 for who may not see the deliverable)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.documents.choices import TEAM
from continuum.documents.services import Upload, document_attach
from continuum.documents.tests import files
from continuum.documents.tests.files import upload
from continuum.engagements.models import Deliverable
from continuum.engagements.services.deliverables import deliverable_add, deliverable_transition

from .delivery_world import delivery_world
from .factories import DeliverableFactory

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _draft(deliverable, actor):
    return document_attach(
        actor=actor,
        target=deliverable,
        upload=Upload(file=upload("draft.pdf", files.PDF), kind="report", visibility=int(TEAM)),
    )


def _step(deliverable, actor, action, note=""):
    return deliverable_transition(actor=actor, deliverable=deliverable, action=action, note=note)


def test_add_by_the_working_side_only():
    world = delivery_world()
    deliverable = deliverable_add(
        actor=world.lead, engagement=world.engagement, title="Policy review", kind="report"
    )
    assert deliverable.status == "drafting"
    with pytest.raises(ValidationError):
        deliverable_add(actor=world.lead, engagement=world.engagement, title="", kind="poem")
    for actor in (world.member, *world.outsiders.values()):
        with pytest.raises(PermissionDenied):
            deliverable_add(actor=actor, engagement=world.engagement, title="x", kind="report")
    assert Deliverable.objects.count() == 1


def test_the_whole_review_to_published_each_step_an_event_with_its_note():
    world = delivery_world()
    deliverable = DeliverableFactory(engagement=world.engagement)
    with pytest.raises(TransitionNotAllowed, match="Attach the draft"):
        _step(deliverable, world.lead, "submit_for_review")
    _draft(deliverable, world.lead)
    _step(deliverable, world.lead, "submit_for_review", "First full draft.")
    _step(deliverable, world.coordinator, "send_to_agency", "Please check section 3.")
    message = OutboundMessage.objects.get(template_key="engagements.deliverable_fact_check")
    assert world.requester.email in message.recipients
    assert "Please check section 3." in message.body
    _step(deliverable, world.member, "agency_confirm", "The facts are right.")
    with pytest.raises(TransitionForbidden):
        _step(deliverable, world.lead, "approve")
    _step(deliverable, world.staff, "approve")
    _step(deliverable, world.staff, "publish")
    deliverable.refresh_from_db()
    assert deliverable.status == "published" and deliverable.published_at is not None
    events = list(
        Event.objects.for_target(deliverable)
        .filter(verb__startswith="deliverable_")
        .order_by("pk")
        .values_list("verb", "note")
    )
    assert events == [
        ("deliverable_submitted", "First full draft."),
        ("deliverable_sent_to_agency", "Please check section 3."),
        ("deliverable_fact_checked", "The facts are right."),
        ("deliverable_approved", ""),
        ("deliverable_published", ""),
    ]


def test_return_needs_a_note_and_goes_back_to_drafting():
    world = delivery_world()
    deliverable = DeliverableFactory(engagement=world.engagement)
    _draft(deliverable, world.lead)
    _step(deliverable, world.lead, "submit_for_review")
    _step(deliverable, world.lead, "send_to_agency")
    with pytest.raises(ValidationError, match="what needs to change"):
        _step(deliverable, world.member, "return")
    _step(deliverable, world.member, "return", "Our headcount is 212, not 221.")
    assert deliverable.status == "drafting"
    assert (
        Event.objects.get(verb="deliverable_corrections_requested").note
        == "Our headcount is 212, not 221."
    )
    # The team reads the review history, with the note, on the engagement's page.
    text = as_user(world.lead).get(world.engagement.get_absolute_url()).content.decode()
    assert "Review history" in text and "Our headcount is 212, not 221." in text


def test_the_agency_cannot_take_the_team_steps_nor_see_a_draft():
    world = delivery_world()
    deliverable = DeliverableFactory(engagement=world.engagement, title="Hidden draft")
    _draft(deliverable, world.lead)
    with pytest.raises(TransitionForbidden):
        _step(deliverable, world.member, "submit_for_review")
    text = as_user(world.member).get(world.engagement.get_absolute_url()).content.decode()
    assert "Hidden draft" not in text
    step_url = reverse("engagements:deliverable_step", args=[deliverable.public_id, "return"])
    assert as_user(world.member).get(step_url).status_code == 404


def test_step_page_asks_for_the_note_and_refuses_without_it():
    world = delivery_world()
    deliverable = DeliverableFactory(engagement=world.engagement)
    _draft(deliverable, world.lead)
    _step(deliverable, world.lead, "submit_for_review")
    url = reverse("engagements:deliverable_step", args=[deliverable.public_id, "return"])
    client = as_user(world.coordinator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": ""})
    assert response.status_code == 400 and "Say what needs to change." in response.content.decode()
    assert client.post(url, {"note": "Shorten the summary."}).status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == "drafting"
    # A step that does not exist from here is refused with a message, not a 500.
    bogus = reverse("engagements:deliverable_step", args=[deliverable.public_id, "publish"])
    assert client.post(bogus, {"note": ""}).status_code == 302


def test_add_page_and_404s():
    world = delivery_world()
    url = reverse("engagements:deliverable_add", args=[world.engagement.public_id])
    client = as_user(world.lead)
    response = client.post(url, {"title": "", "kind": "poem"})
    assert response.status_code == 400
    assert "Give it a title." in response.content.decode()
    assert client.post(url, {"title": "Report", "kind": "report"}).status_code == 302
    deliverable = Deliverable.objects.get()
    step = reverse(
        "engagements:deliverable_step", args=[deliverable.public_id, "submit_for_review"]
    )
    for user in world.outsiders.values():
        assert as_user(user).get(url).status_code == 404
        assert as_user(user).get(step).status_code == 404
        assert as_user(user).post(step, {"note": "x"}).status_code == 404
    deliverable.refresh_from_db()
    assert deliverable.status == "drafting"
