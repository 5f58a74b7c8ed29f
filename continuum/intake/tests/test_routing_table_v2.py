"""Routing table version 2 (the active one), one case per row: what changed from version 1.

Version 2 weighs the agency's size and the stated need (systemic concerns lead to an
Organizational Assessment only for agencies serving 25,000 people or more) and routes an
immediate, confidential consultation to Critical Response. Every version 1 case that does not
involve those conditions gives the same answer (checked below against the v1 table's cases).

Columns: services, "not sure", days since a critical incident (None: none), concern scope,
population served (None: unlisted agency), immediate consultation asked → program, services,
number of reasons.
"""

import datetime

import pytest
from django.utils import timezone

from continuum.intake.models import RoutingTable
from continuum.intake.routing import recommend

from .factories import AssistanceRequestFactory
from .test_routing_table import CASES as V1_CASES

pytestmark = pytest.mark.date_sensitive  # incidents are dated relative to today

CT = "cri-tac"
CR = "critical-response"
OA = "organizational-assessment"
CONSULT = ["immediate-consultation"]
SMALL_SYSTEMIC = ["needs-assessment", "strategic-planning"]
AAR_FD = ["after-action-review", "facilitated-discussion"]
PR = ["policy-review"]

CASES = [
    # id, services, not_sure, incident days, scope, population, consultation → program, services, n
    (
        "small-policy-review-systemic",
        PR,
        False,
        None,
        "systemic",
        8_000,
        False,
        CT,
        ["policy-review", "needs-assessment", "strategic-planning"],
        2,
    ),
    ("small-policy-review-specific", PR, False, None, "specific", 8_000, False, CT, PR, 1),
    ("small-systemic-alone", [], False, None, "systemic", 8_000, False, CT, SMALL_SYSTEMIC, 1),
    ("just-below-the-line", [], False, None, "systemic", 24_999, False, CT, SMALL_SYSTEMIC, 1),
    ("at-the-line", [], False, None, "systemic", 25_000, False, OA, [OA], 1),
    ("large-systemic", [], False, None, "systemic", 400_000, False, OA, [OA], 1),
    ("large-policy-review-systemic", PR, False, None, "systemic", 400_000, False, OA, [OA], 2),
    (
        "unknown-size-systemic-falls-back",
        [],
        False,
        None,
        "systemic",
        None,
        False,
        CT,
        ["executive-consultation"],
        1,
    ),
    ("unknown-size-policy-review-systemic", PR, False, None, "systemic", None, False, CT, PR, 1),
    ("small-asks-assessment-gets-it", [OA], False, None, "systemic", 8_000, False, OA, [OA], 2),
    ("small-recent-incident-systemic", [], False, 20, "systemic", 8_000, False, CR, AAR_FD, 2),
    ("consultation-alone", [], False, 3, "", 50_000, True, CR, [*CONSULT, *AAR_FD], 2),
    ("consultation-old-incident", [], False, 400, "", 50_000, True, CR, CONSULT, 1),
    ("consultation-unlisted-agency", [], False, 3, "", None, True, CR, [*CONSULT, *AAR_FD], 2),
    ("consultation-ticked-as-service", CONSULT, False, None, "", 50_000, False, CR, CONSULT, 1),
    ("consultation-and-policy-review", PR, False, 5, "", 8_000, True, CR, [*CONSULT, *AAR_FD], 3),
    ("consultation-large-systemic", [], False, 5, "systemic", 90_000, True, OA, [OA], 3),
    ("not-sure-small-systemic", [], True, None, "systemic", 8_000, False, CT, SMALL_SYSTEMIC, 1),
    (
        "no-consultation-no-incident",
        [],
        False,
        None,
        "",
        8_000,
        False,
        CT,
        ["executive-consultation"],
        1,
    ),
]


def _request(services, not_sure, incident_days_ago, scope, population, consultation):
    fields = {"services": services, "not_sure": not_sure, "concern_scope": scope}
    if incident_days_ago is not None:
        fields |= {
            "has_critical_incident": True,
            "incident_date": timezone.localdate() - datetime.timedelta(days=incident_days_ago),
            "incident_kind": "officer_involved_shooting",
            "wants_immediate_consultation": consultation,
        }
    elif consultation:
        fields["wants_immediate_consultation"] = True
    if population is None:
        fields |= {"agency": None, "unlisted_agency_name": "Unlisted Town Police Department"}
    ar = AssistanceRequestFactory(**fields)
    if population is not None:
        ar.agency.population_served = population
        ar.agency.save()
    return ar


def test_the_table_has_distinct_cases():
    assert len({case[0] for case in CASES}) == len(CASES) >= 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    (
        "services",
        "not_sure",
        "days",
        "scope",
        "population",
        "consultation",
        "program",
        "expected",
        "reasons",
    ),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_routing_table_v2(
    services, not_sure, days, scope, population, consultation, program, expected, reasons
):
    ar = _request(services, not_sure, days, scope, population, consultation)
    rec = recommend(ar)
    assert rec.table.version == 2 and rec.table.is_active
    assert rec.program.slug == program
    assert rec.service_slugs == expected
    assert len(rec.reasons) == reasons


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("services", "not_sure", "days", "scope", "program", "expected", "reasons"),
    [case[1:] for case in V1_CASES],
    ids=[case[0] for case in V1_CASES],
)
def test_v2_agrees_with_v1_for_a_larger_agency(
    services, not_sure, days, scope, program, expected, reasons
):
    """Without a consultation, for an agency serving 50,000 people, nothing changed."""
    ar = _request(services, not_sure, days, scope, 50_000, False)
    rec = recommend(ar)
    assert rec.table.version == 2
    assert (rec.program.slug, rec.service_slugs, len(rec.reasons)) == (program, expected, reasons)


@pytest.mark.django_db
def test_v1_still_points_a_small_department_at_an_assessment():
    """The reason for version 2: version 1 sent a small department's policy review to OA."""
    ar = _request(PR, False, None, "systemic", 8_000, False)
    assert recommend(ar, table=RoutingTable.objects.get(version=1)).program.slug == OA
    assert recommend(ar).program.slug == CT
