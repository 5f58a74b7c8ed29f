"""The routing engine's pieces, and the seeded table v1."""

import pytest

from continuum.catalog.models import Service
from continuum.intake.models import RoutingRule, RoutingTable
from continuum.intake.routing import (
    TIER_FALLBACK,
    TIER_NOT_SURE,
    TIER_SPECIFIC,
    RequestFacts,
    rule_matches,
    rule_tier,
)
from continuum.intake.tests.factories import submitted_request

FACTS = RequestFacts(
    service_ids=frozenset({1, 2}), not_sure=False, incident_age_days=30, concern_scope="pattern"
)


@pytest.mark.parametrize(
    ("conditions", "tier", "matches"),
    [
        ({}, TIER_FALLBACK, True),
        ({"when_not_sure": True}, TIER_NOT_SURE, False),
        ({"when_not_sure": False}, TIER_NOT_SURE, True),
        ({"when_service_id": 2}, TIER_SPECIFIC, True),
        ({"when_service_id": 3}, TIER_SPECIFIC, False),
        ({"when_incident_within_days": 30}, TIER_SPECIFIC, True),
        ({"when_incident_within_days": 29}, TIER_SPECIFIC, False),
        ({"when_concern_scope": "pattern"}, TIER_SPECIFIC, True),
        ({"when_concern_scope": "systemic"}, TIER_SPECIFIC, False),
        ({"when_service_id": 1, "when_concern_scope": "pattern"}, TIER_SPECIFIC, True),
        ({"when_service_id": 1, "when_concern_scope": "specific"}, TIER_SPECIFIC, False),
        ({"when_not_sure": True, "when_service_id": 1}, TIER_SPECIFIC, False),
    ],
    ids=str,
)
def test_rule_tier_and_match(conditions, tier, matches):
    rule = RoutingRule(**conditions)
    assert rule_tier(rule) == tier
    assert rule_matches(rule, FACTS) is matches


def test_no_incident_matches_no_incident_rule():
    facts = RequestFacts(frozenset(), False, None, "")
    assert not rule_matches(RoutingRule(when_incident_within_days=10_000), facts)


@pytest.mark.django_db
@pytest.mark.parametrize("version", [1, 2])
def test_the_seeded_tables_cover_every_service_and_v2_is_active(version):
    table = RoutingTable.objects.get(version=version)
    assert table.is_active == (version == 2)
    routed = set(
        table.rules.exclude(when_service=None).values_list("when_service__slug", flat=True)
    )
    services = set(Service.objects.values_list("slug", flat=True))
    if version == 1:
        services.discard("immediate-consultation")  # added with version 2
    assert routed == services
    fallbacks = [r for r in table.rules.all() if rule_tier(r) == TIER_FALLBACK]
    assert len(fallbacks) == 1 and fallbacks[0].program.slug == "cri-tac"
    assert all(rule.reason for rule in table.rules.all())


@pytest.mark.django_db
def test_administrators_copy_and_activate_versions_in_the_admin(client):
    from continuum.accounts.tests.factories import AdministratorFactory

    client.force_login(AdministratorFactory())
    v1 = RoutingTable.objects.get(version=2)  # the active version seeded by migration
    changelist = "/admin/intake/routingtable/"
    assert list(client.get(changelist).context["cl"].result_list) == [
        v1,
        RoutingTable.objects.get(version=1),
    ]
    change = client.get(f"{changelist}{v1.pk}/change/")
    assert change.context["original"] == v1
    rules = change.context["inline_admin_formsets"][0].formset  # edited on the table's page
    assert rules.initial_form_count() == v1.rules.count() > 0
    response = client.post(
        changelist, {"action": "copy_as_new_version", "_selected_action": [v1.pk]}, follow=True
    )
    assert "copied as version 3" in response.content.decode()
    v2 = RoutingTable.objects.get(version=3)
    assert not v2.is_active and v2.rules.count() == v1.rules.count()
    response = client.post(
        changelist, {"action": "make_active", "_selected_action": [v2.pk]}, follow=True
    )
    assert "Version 3 is now active" in response.content.decode()
    assert RoutingTable.objects.get(is_active=True) == v2


@pytest.mark.django_db
def test_administrators_see_requests_read_only_in_the_admin(client):
    from continuum.accounts.tests.factories import AdministratorFactory

    ar = submitted_request()
    client.force_login(AdministratorFactory())
    listed = client.get("/admin/intake/assistancerequest/")
    assert list(listed.context["cl"].result_list) == [ar]
    assert ar.tracking_number in listed.content.decode()
    assert client.get("/admin/intake/assistancerequest/add/").status_code == 403


@pytest.mark.django_db
def test_only_administrators_change_routing_tables():
    from continuum.accounts.tests.factories import ProgramStaffFactory
    from continuum.core.workflow import TransitionForbidden
    from continuum.intake.services.routing_tables import routing_table_activate, routing_table_copy

    staff = ProgramStaffFactory()
    v1 = RoutingTable.objects.get(version=1)
    with pytest.raises(TransitionForbidden):
        routing_table_copy(actor=staff, table=v1)
    with pytest.raises(TransitionForbidden):
        routing_table_activate(actor=staff, table=v1)


def _admin_post_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""
    data = {}
    for form in [response.context["adminform"].form] + [
        f for inline in response.context["inline_admin_formsets"] for f in inline.formset.forms
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = str(getattr(value, "pk", value))
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
    return data


@pytest.mark.django_db
def test_an_admin_edit_of_a_rule_goes_through_the_service_and_leaves_an_event(client):
    from continuum.accounts.tests.factories import AdministratorFactory
    from continuum.activity.models import Event

    admin_user = AdministratorFactory()
    client.force_login(admin_user)
    v1 = RoutingTable.objects.get(version=1)
    url = f"/admin/intake/routingtable/{v1.pk}/change/"
    data = _admin_post_data(client.get(url))
    data["note"] = "Tuned the fallback."
    rule = v1.rules.order_by("priority").first()
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(rule.pk)
    )
    data[f"rules-{index}-reason"] = "A clearer reason for staff."
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    rule.refresh_from_db()
    assert rule.reason == "A clearer reason for staff."
    events = Event.objects.for_target(v1)
    changed = events.get(verb="routing_rules_changed")
    assert changed.actor == admin_user and str(rule) in changed.note
    assert changed.data["changed"] and changed.internal
    assert "note" in events.get(verb="routing_table_changed").data["changed"]
