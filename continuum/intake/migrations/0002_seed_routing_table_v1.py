"""Seed routing table v1 (active): rules that express the continuum.

Catalog rows are looked up by slug (seeded by catalog 0003). Forward only creates the table when
no version 1 exists; reverse deletes version 1 and its rules. How rules combine is documented in
`continuum.intake.routing` and docs/adr/0005-routing-rules-as-data.md.
"""

from django.db import migrations

CRI_TAC = "cri-tac"
CRITICAL_RESPONSE = "critical-response"
ORGANIZATIONAL_ASSESSMENT = "organizational-assessment"

# (priority, name, conditions, program slug, service slugs, reason shown to staff)
RULES = [
    (
        10,
        "Recent critical incident",
        {"when_incident_within_days": 180},
        CRITICAL_RESPONSE,
        ["after-action-review", "facilitated-discussion"],
        "A critical incident happened in the last 180 days: Critical Response can review it "
        "after the fact and bring in experts for facilitated discussions.",
    ),
    (
        20,
        "Bias audit requested",
        {"when_service": "bias-audit"},
        CRITICAL_RESPONSE,
        ["bias-audit"],
        "The agency asked for a bias audit, a Critical Response service.",
    ),
    (
        30,
        "After-action review requested",
        {"when_service": "after-action-review"},
        CRITICAL_RESPONSE,
        ["after-action-review"],
        "The agency asked for a critical incident after-action review, a Critical Response "
        "service.",
    ),
    (
        40,
        "Operations review requested",
        {"when_service": "operations-review"},
        CRITICAL_RESPONSE,
        ["operations-review"],
        "The agency asked for an issue-specific review of operations, a Critical Response service.",
    ),
    (
        50,
        "Facilitated discussion requested",
        {"when_service": "facilitated-discussion"},
        CRITICAL_RESPONSE,
        ["facilitated-discussion"],
        "The agency asked for a facilitated discussion with subject-matter experts, a Critical "
        "Response service.",
    ),
    (
        60,
        "Systemic concerns",
        {"when_concern_scope": "systemic"},
        ORGANIZATIONAL_ASSESSMENT,
        ["organizational-assessment"],
        "The agency describes agency-wide, systemic concerns: an organizational assessment "
        "looks at them in depth, with public reporting.",
    ),
    (
        70,
        "Organizational assessment requested",
        {"when_service": "organizational-assessment"},
        ORGANIZATIONAL_ASSESSMENT,
        ["organizational-assessment"],
        "The agency asked for a comprehensive organizational assessment with public reporting.",
    ),
]

CRI_TAC_SERVICES = [
    ("executive-consultation", "an executive consultation"),
    ("needs-assessment", "a needs assessment"),
    ("needs-assessment-training", "a training needs assessment"),
    ("needs-assessment-technology", "a technology needs assessment"),
    ("needs-assessment-recruitment", "a recruitment needs assessment"),
    ("peer-exchange", "a peer exchange"),
    ("policy-review", "a policy review"),
    ("resource-referral", "a resource referral"),
    ("strategic-planning", "help with strategic planning"),
    ("training", "training"),
]
for position, (slug, words) in enumerate(CRI_TAC_SERVICES):
    RULES.append(
        (
            100 + position * 10,
            f"CRI-TAC: {slug.replace('-', ' ')}",
            {"when_service": slug},
            CRI_TAC,
            [slug],
            f"The agency asked for {words}, a CRI-TAC service.",
        )
    )
RULES += [
    (
        900,
        "Not sure which service",
        {"when_not_sure": True},
        CRI_TAC,
        ["executive-consultation"],
        "The agency is not sure what it needs: an executive consultation with a peer leader "
        "helps define it.",
    ),
    (
        1000,
        "Fallback",
        {},
        CRI_TAC,
        ["executive-consultation"],
        "Nothing in the request points to a deeper program: start with a CRI-TAC executive "
        "consultation.",
    ),
]


def seed(apps, schema_editor):
    Program = apps.get_model("catalog", "Program")
    Service = apps.get_model("catalog", "Service")
    RoutingTable = apps.get_model("intake", "RoutingTable")
    RoutingRule = apps.get_model("intake", "RoutingRule")

    if RoutingTable.objects.filter(version=1).exists():
        return
    programs = {p.slug: p for p in Program.objects.all()}
    services = {s.slug: s for s in Service.objects.all()}
    missing = {rule[3] for rule in RULES} - set(programs)
    if missing:
        # The catalog seed did not run (a database built another way): seed no rules.
        return
    has_active = RoutingTable.objects.filter(is_active=True).exists()
    table = RoutingTable.objects.create(
        version=1, is_active=not has_active, note="First version: the continuum as designed."
    )
    for priority, name, conditions, program_slug, service_slugs, reason in RULES:
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
    RoutingRule.objects.filter(table__version=1).delete()
    RoutingTable.objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("catalog", "0003_seed_programs_services_goals"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
