"""The reference data seeded by the catalog's migrations: present, exact, idempotent, reversible."""

import datetime
import importlib

import pytest
from django.apps import apps as global_apps
from django.db.models import PROTECT, RESTRICT
from django.utils import timezone

from continuum.catalog.models import (
    Goal,
    PartnerMembership,
    Program,
    ProviderOrganization,
    Service,
    Topic,
)

pytestmark = pytest.mark.django_db

EXPECTED_SERVICES = {
    "cri-tac": [
        ("Executive consultation", None),
        ("Needs assessment", None),
        ("Training needs assessment", "Needs assessment"),
        ("Technology needs assessment", "Needs assessment"),
        ("Recruitment needs assessment", "Needs assessment"),
        ("Peer exchange", None),
        ("Policy review", None),
        ("Resource referral", None),
        ("Strategic planning", None),
        ("Training", None),
    ],
    "critical-response": [
        ("Bias audit", None),
        ("Critical incident after-action review", None),
        ("Issue-specific review of operations", None),
        ("Facilitated discussion with subject-matter experts", None),
        ("Immediate confidential consultation", None),  # catalog 0006 (issue 7)
    ],
    "organizational-assessment": [
        ("Organizational assessment with ongoing technical assistance and public reporting", None),
    ],
}

# Other code (routing rules) refers to these slugs: they must not change.
STABLE_SERVICE_SLUGS = {
    "executive-consultation": "cri-tac",
    "needs-assessment": "cri-tac",
    "needs-assessment-training": "cri-tac",
    "needs-assessment-technology": "cri-tac",
    "needs-assessment-recruitment": "cri-tac",
    "peer-exchange": "cri-tac",
    "policy-review": "cri-tac",
    "resource-referral": "cri-tac",
    "strategic-planning": "cri-tac",
    "training": "cri-tac",
    "bias-audit": "critical-response",
    "after-action-review": "critical-response",
    "operations-review": "critical-response",
    "facilitated-discussion": "critical-response",
    "immediate-consultation": "critical-response",
    "organizational-assessment": "organizational-assessment",
}

CURRENT_PARTNERS = {
    "IACP",
    "FBINAA",
    "FOP",
    "IACLEA",
    "IADLEST",
    "MCSA",
    "NAWLEE",
    "NOBLE",
    "NSA",
    "NTOA",
}


def migration(name):
    return importlib.import_module(f"continuum.catalog.migrations.{name}")


def clear_rows_of_later_apps_pointing_at(*models):
    """Delete other apps' rows that protect seeded rows (e.g. intake's routing rules).

    Reversing the migrations for real unapplies those apps first; here we call one migration's
    functions on their own, so we clear what the later apps' reversal would have removed.
    """
    for model in models:
        relations = [
            field
            for field in model._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
        ]
        for relation in relations:
            later_app = relation.related_model._meta.app_label != "catalog"
            if later_app and relation.on_delete in (PROTECT, RESTRICT):
                relation.related_model._base_manager.filter(
                    **{f"{relation.field.name}__isnull": False}
                ).delete()


def test_three_programs_in_continuum_order():
    programs = list(Program.objects.order_by("order"))
    assert [p.slug for p in programs] == [
        "cri-tac",
        "critical-response",
        "organizational-assessment",
    ]
    assert [p.order for p in programs] == [1, 2, 3]
    assert programs[0].name == "Collaborative Reform Initiative Technical Assistance Center"
    assert programs[0].short_name == "CRI-TAC"
    assert [p.delivered_by_partners for p in programs] == [True, False, False]
    for program in programs:
        assert program.is_active
        assert program.summary and program.description and program.who_it_is_for


@pytest.mark.parametrize("program_slug", list(EXPECTED_SERVICES))
def test_each_program_has_exactly_the_fact_sheet_services(program_slug):
    services = Service.objects.filter(program__slug=program_slug).select_related("parent")
    found = [(s.name, s.parent.name if s.parent else None) for s in services]
    assert found == EXPECTED_SERVICES[program_slug]
    assert all(s.summary for s in services)


def test_service_slugs_are_the_stable_ones():
    found = dict(Service.objects.values_list("slug", "program__slug"))
    assert found == STABLE_SERVICE_SLUGS


def test_needs_assessment_has_three_kinds():
    needs = Service.objects.get(slug="needs-assessment")
    assert {k.slug for k in needs.kinds.all()} == {
        "needs-assessment-training",
        "needs-assessment-technology",
        "needs-assessment-recruitment",
    }


def test_five_goals_in_order():
    goals = list(Goal.objects.all())
    assert [(g.number, g.slug) for g in goals] == [
        (1, "trust"),
        (2, "fairness"),
        (3, "officer-safety"),
        (4, "organizational-learning"),
        (5, "community-policing"),
    ]
    assert goals[0].name == "Build trust between police and the communities they serve"
    assert goals[2].name == "Enhance officer safety and wellness"


def test_at_least_forty_active_topics():
    assert Topic.objects.active().count() >= 40
    names = set(Topic.objects.values_list("name", flat=True))
    assert {"Use of force", "De-escalation", "Tribal law enforcement", "Body-worn cameras"} <= names


@pytest.mark.date_sensitive
def test_ten_partners_today_with_iacp_as_lead():
    today = timezone.localdate()
    partners = ProviderOrganization.objects.partners_on(today)
    assert set(partners.values_list("acronym", flat=True)) == CURRENT_PARTNERS
    leads = PartnerMembership.objects.filter(is_lead=True)
    assert [m.organization.acronym for m in leads] == ["IACP"]


@pytest.mark.date_sensitive
def test_mcca_was_a_founding_member_whose_membership_ended():
    mcca = ProviderOrganization.objects.get(acronym="MCCA")
    assert mcca.name == "Major Cities Chiefs Association"
    assert mcca not in ProviderOrganization.objects.partners_on(timezone.localdate())
    assert mcca in ProviderOrganization.objects.partners_on(datetime.date(2018, 1, 1))
    assert ProviderOrganization.objects.partners_on(datetime.date(2018, 1, 1)).count() == 11
    assert not ProviderOrganization.objects.partners_on(datetime.date(2017, 9, 30)).exists()


@pytest.mark.parametrize(
    ("name", "model", "count"),
    [
        ("0003_seed_programs_services_goals", Program, 3),
        ("0003_seed_programs_services_goals", Service, 16),  # 15, and one of 0006
        ("0003_seed_programs_services_goals", Goal, 5),
        ("0004_seed_topics", Topic, None),
        ("0005_seed_partner_organizations", ProviderOrganization, 11),
        ("0005_seed_partner_organizations", PartnerMembership, 11),
    ],
)
def test_seed_is_idempotent_and_reversible(name, model, count):
    module = migration(name)
    before = model.objects.count()
    if count is not None:
        assert before == count

    module.seed(global_apps, None)  # a second run changes nothing
    assert model.objects.count() == before

    clear_rows_of_later_apps_pointing_at(
        Program, Service, Goal, Topic, ProviderOrganization, PartnerMembership
    )
    later = migration("0006_seed_immediate_consultation") if name.startswith("0003") else None
    if later is not None:
        later.unseed(global_apps, None)  # its service belongs to a program of 0003
    module.unseed(global_apps, None)
    assert model.objects.count() == 0

    module.seed(global_apps, None)
    if later is not None:
        later.seed(global_apps, None)
    assert model.objects.count() == before


def test_seed_restores_edited_rows_without_duplicating():
    Program.objects.filter(slug="critical-response").update(summary="Edited.")
    migration("0003_seed_programs_services_goals").seed(global_apps, None)
    assert Program.objects.count() == 3
    assert Program.objects.get(slug="critical-response").summary != "Edited."


def test_unseeding_partners_keeps_memberships_added_in_the_admin():
    iacp = ProviderOrganization.objects.get(acronym="IACP")
    PartnerMembership.objects.create(organization=iacp, start_date=datetime.date(2010, 1, 1))
    migration("0005_seed_partner_organizations").unseed(global_apps, None)
    assert list(ProviderOrganization.objects.values_list("acronym", flat=True)) == ["IACP"]
    assert iacp.partnerships.count() == 1
