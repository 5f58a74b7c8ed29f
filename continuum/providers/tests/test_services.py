"""The experts' services: who may change what, validation, and the events they leave."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from continuum.accounts.tests.factories import (
    ExpertFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    UserFactory,
)
from continuum.activity.models import Event
from continuum.agencies.tests.factories import StateFactory
from continuum.catalog.tests.factories import TopicFactory
from continuum.core.policy import Audience
from continuum.core.workflow import TransitionForbidden
from continuum.providers import services
from continuum.providers.choices import VettingStatus
from continuum.providers.models import ExpertProfile
from continuum.providers.tests.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


def test_only_experts_start_a_profile():
    with pytest.raises(TransitionForbidden):
        services.expert_profile_start(actor=UserFactory())
    expert = ExpertFactory()
    profile = services.expert_profile_start(actor=expert)
    assert services.expert_profile_start(actor=expert) == profile
    assert Event.objects.filter(verb="expert_profile_started").count() == 1


def test_the_expert_and_staff_edit_others_do_not():
    profile = ExpertProfileFactory(capacity=2)
    services.expert_profile_update(actor=profile.user, expert=profile, capacity=3)
    services.expert_profile_update(actor=ProgramStaffFactory(), expert=profile, capacity=4)
    for outsider in (ExpertProfileFactory().user, ProviderCoordinatorFactory().user):
        with pytest.raises(TransitionForbidden):
            services.expert_profile_update(actor=outsider, expert=profile, capacity=1)
    profile.refresh_from_db()
    assert profile.capacity == 4
    with pytest.raises(ValidationError):
        services.expert_profile_update(actor=profile.user, expert=profile, vetting_status="vetted")
    with pytest.raises(ValidationError):
        services.expert_profile_update(actor=profile.user, expert=profile, languages=["xx"])
    profile.refresh_from_db()
    assert profile.languages == []


def test_expertise_once_per_subject():
    profile = ExpertProfileFactory()
    topic = TopicFactory()
    services.expertise_add(actor=profile.user, expert=profile, topic=topic, level=2)
    with pytest.raises(ValidationError):
        services.expertise_add(actor=profile.user, expert=profile, topic=topic, level=3)
    with pytest.raises(ValidationError):
        services.expertise_add(actor=profile.user, expert=profile, level=3)


def test_conflicts_are_recorded_for_staff_only():
    profile = ExpertProfileFactory()
    conflict = services.conflict_declare(
        actor=profile.user, expert=profile, state=StateFactory(), reason="Former state job"
    )
    event = Event.objects.get(verb="conflict_declared")
    assert event.audiences == Audience.STAFF
    services.conflict_withdraw(actor=profile.user, conflict=conflict)
    assert not profile.conflicts.exists()


def test_vetting_is_program_staffs():
    profile = ExpertProfileFactory(vetting_status=VettingStatus.IN_REVIEW, vetted_on=None)
    for actor in (profile.user, ProviderCoordinatorFactory().user):
        with pytest.raises(TransitionForbidden):
            services.expert_vet(
                actor=actor, expert=profile, status="vetted", vetted_on=datetime.date(2026, 12, 1)
            )
    staff = ProgramStaffFactory()
    with pytest.raises(ValidationError):
        services.expert_vet(actor=staff, expert=profile, status="vetted", vetted_on=None)
    with pytest.raises(ValidationError, match="future"):
        services.expert_vet(
            actor=staff, expert=profile, status="vetted", vetted_on=datetime.date(2100, 1, 1)
        )
    services.expert_vet(
        actor=staff, expert=profile, status="vetted", vetted_on=datetime.date(2026, 12, 1)
    )
    profile = ExpertProfile.objects.get(pk=profile.pk)
    assert profile.vetting_status == VettingStatus.VETTED
    event = Event.objects.get(verb="expert_vetted")
    assert (event.from_state, event.to_state) == ("in_review", "vetted")


def test_linking_an_expert_to_an_organization_is_program_staffs():
    from continuum.catalog.tests.factories import ProviderOrganizationFactory

    profile = ExpertProfileFactory()
    organization = ProviderOrganizationFactory()
    with pytest.raises(TransitionForbidden):
        services.expert_organization_set(
            actor=profile.user, expert=profile, organization=organization
        )
    services.expert_organization_set(
        actor=ProgramStaffFactory(), expert=profile, organization=organization
    )
    profile.refresh_from_db()
    assert profile.organization == organization
