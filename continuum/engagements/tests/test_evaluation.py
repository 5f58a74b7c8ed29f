"""The evaluation: sent on closing (token hashed, verified address), answered once by the
emailed link or signed in, shown to staff; wrong or used links are a plain 404."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.engagements.choices import EngagementStatus
from continuum.engagements.models import Engagement, Evaluation
from continuum.engagements.services.evaluation import (
    evaluation_answer,
    evaluation_send,
    token_hash,
)

from .delivery_world import delivery_world

pytestmark = pytest.mark.django_db

ANSWERS = {
    "effectiveness": "effective",
    "satisfaction": "5",
    "what_changed": "We rewrote our use-of-force policy.",
    "would_recommend": "yes",
    "respondent_name": "Lt. Pat Rivera",
}


def as_user(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _closed(world):
    Engagement.objects.filter(pk=world.engagement.pk).update(status=EngagementStatus.CLOSED)
    world.engagement.refresh_from_db()
    return world.engagement


def _sent(world):
    evaluation = evaluation_send(actor=world.staff, engagement=_closed(world))
    message = OutboundMessage.objects.get(template_key="engagements.evaluation_invite")
    token = re.search(r"/engagements/evaluation/([^/\s]+)/", message.body).group(1)
    return evaluation, token, message


def test_sent_to_the_point_of_contact_with_only_the_hash_kept():
    world = delivery_world()
    evaluation, token, message = _sent(world)
    # The agreement's point of contact (a verified member) comes first.
    assert message.recipients == [world.member.email] and evaluation.sent_to == world.member.email
    assert evaluation.token_hash == token_hash(token) and token not in evaluation.token_hash
    # Once per engagement.
    assert evaluation_send(actor=world.staff, engagement=world.engagement).pk == evaluation.pk
    assert OutboundMessage.objects.filter(template_key="engagements.evaluation_invite").count() == 1


def test_not_sent_before_closing_nor_to_an_unverified_address():
    world = delivery_world(accepted=False)
    with pytest.raises(ValidationError):
        evaluation_send(actor=world.staff, engagement=world.engagement)
    world.requester.email = "unverified@example.gov"
    world.requester.save()
    ar = world.engagement.assistance_request
    ar.requester_email = "unverified@example.gov"
    ar.save()
    evaluation = evaluation_send(actor=world.staff, engagement=_closed(world))
    assert evaluation.sent_to == ""
    assert not OutboundMessage.objects.filter(template_key="engagements.evaluation_invite").exists()
    # The agency can still answer from the engagement's page.
    text = as_user(world.member).get(world.engagement.get_absolute_url()).content.decode()
    assert "Answer the evaluation" in text


def test_the_link_answers_once_then_is_a_plain_404():
    world = delivery_world()
    evaluation, token, _ = _sent(world)
    url = reverse("engagements:evaluation_answer", args=[token])
    anonymous = as_user()
    assert anonymous.get(url).status_code == 200
    response = anonymous.post(url, {**ANSWERS, "satisfaction": "9"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode() or "from 1 to 5" in (
        response.content.decode()
    )
    response = anonymous.post(url, ANSWERS)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.completed_at and evaluation.effectiveness == "effective"
    assert evaluation.satisfaction == 5 and evaluation.would_recommend is True
    assert Event.objects.filter(verb="evaluation_answered").count() == 1
    assert anonymous.get(url).status_code == 404
    assert anonymous.post(url, ANSWERS).status_code == 404
    assert Event.objects.filter(verb="evaluation_answered").count() == 1


@pytest.mark.parametrize("token", ["x", "a" * 43, "%2E%2E" + "a" * 30, "a" * 101])
def test_a_wrong_token_is_a_plain_404(token):
    world = delivery_world()
    _sent(world)
    assert as_user().get(reverse("engagements:evaluation_answer", args=[token])).status_code == 404


def test_signed_in_agency_member_answers_and_staff_see_the_answers():
    world = delivery_world()
    evaluation, _, _ = _sent(world)
    url = reverse("engagements:evaluation", args=[world.engagement.public_id])
    for user in (world.lead, world.coordinator, world.staff, *world.outsiders.values()):
        assert as_user(user).get(url).status_code == 404
        assert as_user(user).post(url, ANSWERS).status_code == 404
    response = as_user(world.executive).post(url, ANSWERS)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.completed_at is not None
    staff_page = as_user(world.staff).get(world.engagement.get_absolute_url()).content.decode()
    assert "We rewrote our use-of-force policy." in staff_page
    team_page = as_user(world.lead).get(world.engagement.get_absolute_url()).content.decode()
    assert "We rewrote our use-of-force policy." not in team_page
    with pytest.raises(ValidationError, match="already been answered"):
        evaluation_answer(actor=world.member, evaluation=evaluation, **ANSWERS)


def test_the_service_refuses_the_team_signed_in():
    world = delivery_world()
    evaluation, _, _ = _sent(world)
    with pytest.raises(PermissionDenied):
        evaluation_answer(actor=world.lead, evaluation=evaluation, **ANSWERS)
    with pytest.raises(ValidationError):
        evaluation_answer(
            actor=world.member, evaluation=evaluation, **{**ANSWERS, "effectiveness": "meh"}
        )
    assert Evaluation.objects.get().completed_at is None
