"""Seed the data behind urgent requests and routing table version 2.

- First-response targets by urgency: standard 2 business days, critical incident 1.
- The COPS Office Response Center (the phone number pages give for urgent requests).
- (The Critical Response service "Immediate confidential consultation" is seeded by catalog 0006.)
- The message template alerting on-call staff of a critical-incident request.
- Routing table version 2 (made active): version 1's rules, plus an immediate consultation
  rule, and systemic concerns lead to an Organizational Assessment only for agencies serving
  25,000 people or more; smaller agencies are pointed at CRI-TAC help that fits their size.

Forward is idempotent; reverse removes what it added (and makes version 1 active again).
"""

import importlib

from django.db import migrations

V1 = importlib.import_module("continuum.intake.migrations.0002_seed_routing_table_v1")

CONSULTATION_SLUG = "immediate-consultation"
LARGER_AGENCY = 25_000

SIGN_OFF = (
    "\n\nContinuum, for the Collaborative Reform Initiative\n"
    "U.S. Department of Justice, Office of Community Oriented Policing Services (COPS Office)\n"
)

ON_CALL_TEMPLATE = {
    "key": "intake.on_call_alert",
    "description": "To the program staff on call, when a critical-incident request is submitted.",
    "subject": "Urgent: critical-incident request {{ tracking_number }} from {{ agency_name }}",
    "body": "Hello{% if staff_name %} {{ staff_name }}{% endif %},\n\n"
    "{{ agency_name }} has submitted a request about a critical incident"
    "{% if incident_kind %} ({{ incident_kind }}{% if incident_date %}, {{ incident_date }}"
    "{% endif %}){% endif %}.\n\n"
    "{% if wants_consultation %}They ask for an immediate, confidential consultation about a "
    "pressing need.\n\n{% endif %}"
    "The first response is due within {{ response_days }} business "
    "day{{ response_days|pluralize }}. Open the request: {{ triage_url }}" + SIGN_OFF,
    "variables": {
        "staff_name": "The on-call staff member's name (may be empty)",
        "agency_name": "The agency's name",
        "tracking_number": "The request's tracking number",
        "incident_kind": "The kind of incident (may be empty)",
        "incident_date": "The date of the incident (may be empty)",
        "wants_consultation": "Whether they ask for an immediate consultation",
        "response_days": "The first-response target for critical incidents, in business days",
        "triage_url": "The staff page of the request",
    },
    "sample_context": {
        "staff_name": "Jordan Avery",
        "agency_name": "Riverton Police Department",
        "tracking_number": "CRI-2026-00042",
        "incident_kind": "Officer-involved shooting",
        "incident_date": "March 14, 2026",
        "wants_consultation": True,
        "response_days": 1,
        "triage_url": "https://continuum.example/triage/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/",
    },
}

CR = V1.CRITICAL_RESPONSE
CT = V1.CRI_TAC
OA = V1.ORGANIZATIONAL_ASSESSMENT


def rules_v2():
    """Version 1's rules with the changes of version 2 (same tuple shape as version 1)."""
    rules = [
        (
            5,
            "Immediate consultation asked",
            {"when_consultation": True},
            CR,
            [CONSULTATION_SLUG],
            "The agency asks for an immediate, confidential consultation about a pressing need; "
            "Critical Response offers one.",
        ),
        (
            6,
            "Immediate consultation requested as a service",
            {"when_service": CONSULTATION_SLUG},
            CR,
            [CONSULTATION_SLUG],
            "The agency asked for an immediate, confidential consultation, a Critical Response "
            "service.",
        ),
    ]
    for rule in V1.RULES:
        priority, name, conditions, program, services, reason = rule
        if conditions == {"when_concern_scope": "systemic"}:
            rules.append(
                (
                    priority,
                    "Systemic concerns, larger agency",
                    {"when_concern_scope": "systemic", "when_population_min": LARGER_AGENCY},
                    program,
                    services,
                    "The agency serves 25,000 people or more and describes agency-wide concerns: "
                    "an organizational assessment looks at them in depth, with public reporting.",
                )
            )
            rules.append(
                (
                    890,  # after the rules for services asked for: the stated need first
                    "Systemic concerns, smaller agency",
                    {"when_concern_scope": "systemic", "when_population_max": LARGER_AGENCY - 1},
                    CT,
                    ["needs-assessment", "strategic-planning"],
                    "The agency serves fewer than 25,000 people: a needs assessment and strategic "
                    "planning fit agency-wide concerns at its size better than a multi-year "
                    "organizational assessment.",
                )
            )
        else:
            rules.append(rule)
    return rules


def seed(apps, schema_editor):
    Program = apps.get_model("catalog", "Program")
    Service = apps.get_model("catalog", "Service")
    ResponseTarget = apps.get_model("intake", "ResponseTarget")
    ResponseCenter = apps.get_model("intake", "ResponseCenter")
    RoutingTable = apps.get_model("intake", "RoutingTable")
    RoutingRule = apps.get_model("intake", "RoutingRule")
    MessageTemplate = apps.get_model("activity", "MessageTemplate")

    ResponseTarget.objects.get_or_create(urgency="standard", defaults={"business_days": 2})
    ResponseTarget.objects.get_or_create(urgency="critical_incident", defaults={"business_days": 1})
    ResponseCenter.objects.get_or_create(
        key="main",
        defaults={
            "name": "COPS Office Response Center",
            "phone": "800-421-6770",
            "hours": "Monday to Friday, 9:00 a.m. to 5:00 p.m. Eastern time",
        },
    )
    MessageTemplate.objects.update_or_create(
        key=ON_CALL_TEMPLATE["key"],
        defaults={k: v for k, v in ON_CALL_TEMPLATE.items() if k != "key"},
    )

    programs = {p.slug: p for p in Program.objects.all()}
    if CR not in programs:
        return  # the catalog seed did not run: no service, no routing table
    services = {s.slug: s for s in Service.objects.all()}

    if RoutingTable.objects.filter(version=2).exists():
        return
    RoutingTable.objects.filter(is_active=True).update(is_active=False)
    table = RoutingTable.objects.create(
        version=2,
        is_active=True,
        note="Weighs agency size for systemic concerns; routes immediate consultations.",
    )
    for priority, name, conditions, program_slug, service_slugs, reason in rules_v2():
        values = dict(conditions)
        when_service = values.pop("when_service", None)
        if when_service is not None:
            if when_service not in services:
                continue
            values["when_service"] = services[when_service]
        rule = RoutingRule.objects.create(
            table=table,
            priority=priority,
            name=name,
            program=programs[program_slug],
            reason=reason,
            **values,
        )
        rule.services.set([services[s] for s in service_slugs if s in services])


def unseed(apps, schema_editor):
    RoutingTable = apps.get_model("intake", "RoutingTable")
    RoutingRule = apps.get_model("intake", "RoutingRule")
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    RoutingRule.objects.filter(table__version=2).delete()
    RoutingTable.objects.filter(version=2).delete()
    if not RoutingTable.objects.filter(is_active=True).exists():
        RoutingTable.objects.filter(version=1).update(is_active=True)
    MessageTemplate.objects.filter(key=ON_CALL_TEMPLATE["key"]).delete()
    apps.get_model("intake", "ResponseTarget").objects.all().delete()
    apps.get_model("intake", "ResponseCenter").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_urgency_saved_views_routing_conditions"),
        ("catalog", "0006_seed_immediate_consultation"),
        ("activity", "0005_event_audiences"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
