"""The routing table, one case per row: what the seeded table v1 recommends for a request.

Columns: services asked for, "not sure", days since a critical incident (None: no incident),
concern scope → expected program, services (in order) and number of reasons listed.
"""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import datetime

import pytest
from django.utils import timezone

from continuum.intake.models import RoutingRule, RoutingTable
from continuum.intake.routing import recommend
from continuum.intake.services.routing_tables import routing_table_activate, routing_table_copy

from .domain_fixtures import administrator
from .factories import AssistanceRequestFactory, program, service

pytestmark = pytest.mark.date_sensitive  # incidents are dated relative to today

CT = "cri-tac"
CR = "critical-response"
OA = "organizational-assessment"
EXEC = ["executive-consultation"]
AAR_FD = ["after-action-review", "facilitated-discussion"]
ALL_CRI_TAC = [
    "executive-consultation",
    "needs-assessment",
    "needs-assessment-training",
    "needs-assessment-technology",
    "needs-assessment-recruitment",
    "peer-exchange",
    "policy-review",
    "resource-referral",
    "strategic-planning",
    "training",
]
ALL_CR = ["bias-audit", "after-action-review", "operations-review", "facilitated-discussion"]

# id, services, not_sure, incident days ago, concern scope, program, services, reasons
CASES = [
    ("not-sure-alone", [], True, None, "", CT, EXEC, 1),
    ("nothing-at-all-falls-back", [], False, None, "", CT, EXEC, 1),
    ("executive-consultation", ["executive-consultation"], False, None, "", CT, EXEC, 1),
    ("needs-assessment", ["needs-assessment"], False, None, "", CT, ["needs-assessment"], 1),
    (
        "needs-assessment-training",
        ["needs-assessment-training"],
        False,
        None,
        "",
        CT,
        ["needs-assessment-training"],
        1,
    ),
    (
        "needs-assessment-technology",
        ["needs-assessment-technology"],
        False,
        None,
        "",
        CT,
        ["needs-assessment-technology"],
        1,
    ),
    (
        "needs-assessment-recruitment",
        ["needs-assessment-recruitment"],
        False,
        None,
        "",
        CT,
        ["needs-assessment-recruitment"],
        1,
    ),
    ("peer-exchange", ["peer-exchange"], False, None, "", CT, ["peer-exchange"], 1),
    ("policy-review", ["policy-review"], False, None, "", CT, ["policy-review"], 1),
    ("resource-referral", ["resource-referral"], False, None, "", CT, ["resource-referral"], 1),
    ("strategic-planning", ["strategic-planning"], False, None, "", CT, ["strategic-planning"], 1),
    ("training", ["training"], False, None, "", CT, ["training"], 1),
    ("bias-audit", ["bias-audit"], False, None, "", CR, ["bias-audit"], 1),
    (
        "after-action-review",
        ["after-action-review"],
        False,
        None,
        "",
        CR,
        ["after-action-review"],
        1,
    ),
    ("operations-review", ["operations-review"], False, None, "", CR, ["operations-review"], 1),
    (
        "facilitated-discussion",
        ["facilitated-discussion"],
        False,
        None,
        "",
        CR,
        ["facilitated-discussion"],
        1,
    ),
    ("organizational-assessment", [OA], False, None, "", OA, [OA], 1),
    ("systemic-scope-alone", [], False, None, "systemic", OA, [OA], 1),
    ("pattern-scope-alone-falls-back", [], False, None, "pattern", CT, EXEC, 1),
    ("specific-scope-alone-falls-back", [], False, None, "specific", CT, EXEC, 1),
    ("incident-today", [], False, 0, "", CR, AAR_FD, 1),
    ("incident-30-days-ago", [], False, 30, "", CR, AAR_FD, 1),
    ("incident-180-days-ago-still-recent", [], False, 180, "", CR, AAR_FD, 1),
    ("incident-181-days-ago-not-recent", [], False, 181, "", CT, EXEC, 1),
    ("incident-400-days-ago-not-recent", [], False, 400, "", CT, EXEC, 1),
    ("incident-dated-tomorrow-ignored", [], False, -1, "", CT, EXEC, 1),
    ("recent-incident-beats-policy-review", ["policy-review"], False, 10, "", CR, AAR_FD, 2),
    (
        "old-incident-leaves-policy-review",
        ["policy-review"],
        False,
        200,
        "",
        CT,
        ["policy-review"],
        1,
    ),
    (
        "bias-audit-beats-policy-review",
        ["bias-audit", "policy-review"],
        False,
        None,
        "",
        CR,
        ["bias-audit"],
        2,
    ),
    (
        "two-critical-response-services-united",
        ["bias-audit", "operations-review"],
        False,
        None,
        "",
        CR,
        ["bias-audit", "operations-review"],
        2,
    ),
    (
        "recent-incident-and-bias-audit-united",
        ["bias-audit"],
        False,
        10,
        "",
        CR,
        ["after-action-review", "facilitated-discussion", "bias-audit"],
        2,
    ),
    (
        "recent-incident-and-after-action-review-no-repeat",
        ["after-action-review"],
        False,
        10,
        "",
        CR,
        AAR_FD,
        2,
    ),
    ("systemic-beats-bias-audit", ["bias-audit"], False, None, "systemic", OA, [OA], 2),
    ("systemic-beats-recent-incident", [], False, 30, "systemic", OA, [OA], 2),
    ("assessment-asked-and-systemic", [OA], False, None, "systemic", OA, [OA], 2),
    (
        "not-sure-yields-to-policy-review",
        ["policy-review"],
        True,
        None,
        "",
        CT,
        ["policy-review"],
        1,
    ),
    ("not-sure-yields-to-bias-audit", ["bias-audit"], True, None, "", CR, ["bias-audit"], 1),
    ("not-sure-yields-to-systemic", [], True, None, "systemic", OA, [OA], 1),
    ("not-sure-yields-to-recent-incident", [], True, 5, "", CR, AAR_FD, 1),
    ("not-sure-with-old-incident-stays-not-sure", [], True, 365, "", CT, EXEC, 1),
    (
        "three-cri-tac-services-in-rule-order",
        ["training", "policy-review", "peer-exchange"],
        False,
        None,
        "",
        CT,
        ["peer-exchange", "policy-review", "training"],
        3,
    ),
    (
        "two-needs-assessment-kinds",
        ["needs-assessment-technology", "needs-assessment-training"],
        False,
        None,
        "",
        CT,
        ["needs-assessment-training", "needs-assessment-technology"],
        2,
    ),
    (
        "executive-consultation-and-strategic-planning",
        ["strategic-planning", "executive-consultation"],
        False,
        None,
        "",
        CT,
        ["executive-consultation", "strategic-planning"],
        2,
    ),
    ("every-cri-tac-service", ALL_CRI_TAC, False, None, "", CT, ALL_CRI_TAC, 10),
    (
        "every-critical-response-service",
        ALL_CR,
        False,
        None,
        "",
        CR,
        ["bias-audit", "after-action-review", "operations-review", "facilitated-discussion"],
        4,
    ),
    ("pattern-scope-and-bias-audit", ["bias-audit"], False, None, "pattern", CR, ["bias-audit"], 1),
    ("systemic-policy-review-and-not-sure", ["policy-review"], True, None, "systemic", OA, [OA], 2),
    (
        "everything-deep-at-once",
        [OA, "bias-audit"],
        False,
        180,
        "systemic",
        OA,
        [OA],
        4,
    ),
    ("specific-scope-and-training", ["training"], False, None, "specific", CT, ["training"], 1),
    (
        "facilitated-discussion-beats-peer-exchange",
        ["facilitated-discussion", "peer-exchange"],
        False,
        None,
        "",
        CR,
        ["facilitated-discussion"],
        2,
    ),
    (
        "recent-incident-and-operations-review",
        ["operations-review"],
        False,
        90,
        "",
        CR,
        ["after-action-review", "facilitated-discussion", "operations-review"],
        2,
    ),
    ("assessment-beats-policy-review", [OA, "policy-review"], False, None, "", OA, [OA], 2),
    ("old-incident-and-bias-audit", ["bias-audit"], False, 181, "", CR, ["bias-audit"], 1),
]


def _request(services, not_sure, incident_days_ago, scope):
    incident = {}
    if incident_days_ago is not None:
        incident = {
            "has_critical_incident": True,
            "incident_date": timezone.localdate() - datetime.timedelta(days=incident_days_ago),
            "incident_kind": "officer_involved_shooting",
        }
    return AssistanceRequestFactory(
        services=services, not_sure=not_sure, concern_scope=scope, **incident
    )


def test_the_table_has_at_least_forty_rows():
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("services", "not_sure", "incident_days_ago", "scope", "program_slug", "expected", "reasons"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_routing_table_v1(
    services, not_sure, incident_days_ago, scope, program_slug, expected, reasons
):
    ar = _request(services, not_sure, incident_days_ago, scope)
    rec = recommend(ar, table=RoutingTable.objects.get(version=1))
    assert rec.program.slug == program_slug
    assert rec.service_slugs == expected
    assert len(rec.reasons) == reasons
    assert rec.table.version == 1


@pytest.mark.django_db
def test_an_incident_is_dated_against_the_submission_not_today():
    ar = _request([], False, 200, "")
    ar.submitted_at = timezone.now() - datetime.timedelta(days=100)  # incident 100 days before
    assert recommend(ar, table=RoutingTable.objects.get(version=1)).program.slug == CR


@pytest.mark.django_db
def test_editing_a_row_of_the_active_table_changes_the_recommendation():
    ar = _request(["policy-review"], False, None, "")
    assert recommend(ar).program.slug == CT

    rule = RoutingRule.objects.get(table__is_active=True, when_service__slug="policy-review")
    rule.program = program(CR)
    rule.reason = "Policy reviews now go to Critical Response."
    rule.save()
    rule.services.set([service("operations-review")])

    rec = recommend(ar)
    assert rec.program.slug == CR
    assert rec.service_slugs == ["operations-review"]
    assert rec.reasons == ["Policy reviews now go to Critical Response."]


@pytest.mark.django_db
def test_a_copied_version_changes_recommendations_once_active(administrator):
    ar = _request([], False, 200, "")  # an incident 200 days ago: not recent in v1
    v1 = RoutingTable.objects.get(is_active=True)  # the seeded version 2
    assert recommend(ar).program.slug == CT

    v2 = routing_table_copy(actor=administrator, table=v1)
    assert v2.version == 3 and not v2.is_active
    assert v2.rules.count() == v1.rules.count()
    v2.rules.filter(when_incident_within_days=180).update(when_incident_within_days=365)

    assert recommend(ar).program.slug == CT, "the copy is not used until it is active"
    assert recommend(ar, table=v2).program.slug == CR
    routing_table_activate(actor=administrator, table=v2)
    rec = recommend(ar)
    assert rec.program.slug == CR and rec.table.version == 3
    v1.refresh_from_db()
    assert not v1.is_active
    # The copy does not share rows with the original: v1 still says 180 days.
    assert recommend(ar, table=v1).program.slug == CT


@pytest.mark.django_db
def test_a_new_rule_row_adds_a_route(administrator):
    ar = _request([], False, None, "pattern")
    assert recommend(ar).program.slug == CT
    table = RoutingTable.objects.get(is_active=True)
    rule = RoutingRule.objects.create(
        table=table,
        priority=65,
        name="Patterns",
        when_concern_scope="pattern",
        program=program(CR),
        reason="A recurring pattern: review the operations behind it.",
    )
    rule.services.set([service("operations-review")])
    rec = recommend(ar)
    assert (rec.program.slug, rec.service_slugs) == (CR, ["operations-review"])


@pytest.mark.django_db
def test_rules_of_an_inactive_program_are_skipped():
    ar = _request(["bias-audit"], False, None, "")
    critical_response = program(CR)
    critical_response.is_active = False
    critical_response.save()
    rec = recommend(ar)
    assert rec.program.slug == CT and rec.service_slugs == EXEC  # the fallback


@pytest.mark.django_db
def test_without_an_active_table_staff_decide_by_hand():
    RoutingTable.objects.update(is_active=False)
    rec = recommend(_request(["bias-audit"], False, None, ""))
    assert rec.program is None and rec.table is None
    assert "no active routing table" in rec.reasons[0]
