"""The demo experts: 64 of them, through the services, idempotent, refused in production."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.tests.factories import EngagementFactory
from continuum.providers.matching import match_experts
from continuum.providers.models import ExpertProfile

pytestmark = pytest.mark.django_db


def test_seed_demo_experts_makes_a_pool_to_match(capsys):
    ProgramStaffFactory()
    ProviderOrganizationFactory()
    AgencyFactory(state=StateFactory())
    call_command("seed_demo_experts")
    assert ExpertProfile.objects.count() == 64
    assert ExpertProfile.objects.filter(vetting_status="vetted").count() > 40
    call_command("seed_demo_experts")
    assert ExpertProfile.objects.count() == 64
    assert "0 created now" in capsys.readouterr().out
    result = match_experts(EngagementFactory())
    assert len(result.ranked) + len(result.excluded) == 64
    assert result.ranked


def test_seed_demo_experts_is_refused_in_production():
    with (
        override_settings(CONTINUUM={**settings.CONTINUUM, "DEMO_DATA_ALLOWED": False}),
        pytest.raises(CommandError),
    ):
        call_command("seed_demo_experts")
