"""Seed the three programs of the continuum, their services and the initiative's five goals.

Idempotent (update_or_create on slug) and reversible (the reverse deletes the seeded slugs).
Everything seeded here is edited in the admin afterwards. Slugs are stable: other code (routing
rules, tests) refers to them, so rename a row in the admin, never its slug.
"""

from django.db import migrations

PROGRAMS = [
    {
        "slug": "cri-tac",
        "order": 1,
        "name": "Collaborative Reform Initiative Technical Assistance Center",
        "short_name": "CRI-TAC",
        "delivered_by_partners": True,
        "summary": (
            "Short, customizable help on a specific issue, given “by the field, for the field” "
            "by law enforcement professionals from a partnership of membership organizations."
        ),
        "description": (
            "The Collaborative Reform Initiative Technical Assistance Center (CRI-TAC) gives "
            "short, focused help shaped around what your agency asks for. It works “by the "
            "field, for the field”: the people who help you are experienced law enforcement "
            "leaders and practitioners.\n\n"
            "CRI-TAC is delivered by a partnership of law enforcement membership organizations, "
            "led by the International Association of Chiefs of Police. Together they match your "
            "request with the right expert, whether you need advice for your leaders, a review "
            "of a policy, training for your staff or a visit to an agency that has solved a "
            "similar problem.\n\n"
            "Most help lasts from a few days to a few months. It is free to your agency."
        ),
        "who_it_is_for": (
            "Any state, local, territorial or tribal law enforcement agency, of any size, that "
            "wants practical help with a specific issue: a policy, a training need, a new "
            "program, or a problem it wants to solve before it grows."
        ),
    },
    {
        "slug": "critical-response",
        "order": 2,
        "name": "Critical Response",
        "short_name": "Critical Response",
        "delivered_by_partners": False,
        "summary": (
            "Targeted help for agencies facing a high-profile event, a major incident or a "
            "sensitive issue, from peers and subject-matter experts."
        ),
        "description": (
            "Critical Response gives targeted, timely help when your agency faces a "
            "high-profile event, a major incident or a sensitive issue, such as a serious use of "
            "force, a mass demonstration or a loss of community trust.\n\n"
            "Help can include exchanges with peer agencies that have faced something similar, "
            "and facilitated discussions with subject-matter experts. It can also include an "
            "independent review: a bias audit, an after-action review of a critical incident, "
            "or a review of one area of your operations.\n\n"
            "The work is focused on the issue you face and usually lasts a few months. It is "
            "free to your agency."
        ),
        "who_it_is_for": (
            "State, local, territorial and tribal law enforcement agencies that are dealing with "
            "a high-profile event, a major incident or a sensitive issue and want an outside, "
            "independent look and expert help quickly."
        ),
    },
    {
        "slug": "organizational-assessment",
        "order": 3,
        "name": "Organizational Assessment",
        "short_name": "Organizational Assessment",
        "delivered_by_partners": False,
        "summary": (
            "An in-depth assessment of systemic issues, long-term help while reforms are put in "
            "place, and public reports on progress."
        ),
        "description": (
            "Organizational Assessment is the deepest level of help. It starts with an in-depth, "
            "independent assessment of systemic issues in your agency: its policies, training, "
            "practices, data and relationship with the community.\n\n"
            "The assessment ends in a public report with findings and recommendations. Then "
            "technical assistance continues for a long time, often 18 months or more, while "
            "your agency puts the reforms in place.\n\n"
            "Progress is reported to the public, so your community can see what has changed. "
            "The work is free to your agency, and you can stop taking part at any time."
        ),
        "who_it_is_for": (
            "State, local, territorial and tribal law enforcement agencies that want a thorough "
            "look at long-standing or systemic issues and are ready to commit to lasting change, "
            "with their progress reported in public."
        ),
    },
]

# (program slug, slug, name, one-line summary, parent slug or None), in display order.
SERVICES = [
    (
        "cri-tac",
        "executive-consultation",
        "Executive consultation",
        "Advice for your agency's leaders from an experienced peer executive.",
        None,
    ),
    (
        "cri-tac",
        "needs-assessment",
        "Needs assessment",
        "A structured look at where your agency needs to build skills, tools or staff.",
        None,
    ),
    (
        "cri-tac",
        "needs-assessment-training",
        "Training needs assessment",
        "Finds the gaps in what your staff are trained to do and how to close them.",
        "needs-assessment",
    ),
    (
        "cri-tac",
        "needs-assessment-technology",
        "Technology needs assessment",
        "Looks at the systems and tools you use and what would serve you better.",
        "needs-assessment",
    ),
    (
        "cri-tac",
        "needs-assessment-recruitment",
        "Recruitment needs assessment",
        "Looks at how you attract, hire and keep staff, and what to improve.",
        "needs-assessment",
    ),
    (
        "cri-tac",
        "peer-exchange",
        "Peer exchange",
        "Your staff learn directly from an agency that has dealt with the same issue.",
        None,
    ),
    (
        "cri-tac",
        "policy-review",
        "Policy review",
        "Experts compare your policies with current law and good practice and suggest changes.",
        None,
    ),
    (
        "cri-tac",
        "resource-referral",
        "Resource referral",
        "We point you to tested guides, model policies and toolkits on your issue.",
        None,
    ),
    (
        "cri-tac",
        "strategic-planning",
        "Strategic planning",
        "Help setting your agency's priorities and writing a plan to reach them.",
        None,
    ),
    (
        "cri-tac",
        "training",
        "Training",
        "Training for your officers and staff, on a topic you choose.",
        None,
    ),
    (
        "critical-response",
        "bias-audit",
        "Bias audit",
        "A review of your data and practices to see whether some groups are treated differently.",
        None,
    ),
    (
        "critical-response",
        "after-action-review",
        "Critical incident after-action review",
        "An independent look at how your agency handled a major incident, with lessons learned.",
        None,
    ),
    (
        "critical-response",
        "operations-review",
        "Issue-specific review of operations",
        "A focused review of one area of your operations, with recommendations.",
        None,
    ),
    (
        "critical-response",
        "facilitated-discussion",
        "Facilitated discussion with subject-matter experts",
        "Guided conversations with experts and peers about a sensitive issue you face.",
        None,
    ),
    (
        "organizational-assessment",
        "organizational-assessment",
        "Organizational assessment with ongoing technical assistance and public reporting",
        "An in-depth review, then long-term help putting reforms in place, reported publicly.",
        None,
    ),
]

GOALS = [
    (
        1,
        "trust",
        "Build trust between police and the communities they serve",
        "Police and residents understand each other and work together.",
    ),
    (
        2,
        "fairness",
        "Improve fairness, effectiveness and efficiency in agency operations",
        "Everyone is treated fairly, and the agency's work gets results without waste.",
    ),
    (
        3,
        "officer-safety",
        "Enhance officer safety and wellness",
        "Officers and staff are safe on the job and supported in body and mind.",
    ),
    (
        4,
        "organizational-learning",
        "Build agencies' capacity for organizational learning and self-improvement",
        "Agencies learn from their own experience and keep getting better.",
    ),
    (
        5,
        "community-policing",
        "Promote community policing practices nationwide",
        "What works in one community is shared with agencies across the country.",
    ),
]


def seed(apps, schema_editor):
    Program = apps.get_model("catalog", "Program")
    Service = apps.get_model("catalog", "Service")
    Goal = apps.get_model("catalog", "Goal")

    programs = {}
    for row in PROGRAMS:
        values = dict(row)
        slug = values.pop("slug")
        programs[slug], _ = Program.objects.update_or_create(slug=slug, defaults=values)

    services = {}
    for position, (program_slug, slug, name, summary, parent_slug) in enumerate(SERVICES, 1):
        services[slug], _ = Service.objects.update_or_create(
            slug=slug,
            defaults={
                "program": programs[program_slug],
                "parent": services[parent_slug] if parent_slug else None,
                "name": name,
                "summary": summary,
                "order": position * 10,
            },
        )

    for number, slug, name, summary in GOALS:
        Goal.objects.update_or_create(
            slug=slug, defaults={"number": number, "name": name, "summary": summary}
        )


def unseed(apps, schema_editor):
    Program = apps.get_model("catalog", "Program")
    Service = apps.get_model("catalog", "Service")
    Goal = apps.get_model("catalog", "Goal")

    slugs = [slug for _, slug, _, _, _ in SERVICES]
    Service.objects.filter(slug__in=slugs, parent__isnull=False).delete()
    Service.objects.filter(slug__in=slugs).delete()
    Program.objects.filter(slug__in=[row["slug"] for row in PROGRAMS]).delete()
    Goal.objects.filter(slug__in=[slug for _, slug, _, _ in GOALS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_program_delivered_by_partners")]

    operations = [migrations.RunPython(seed, unseed)]
