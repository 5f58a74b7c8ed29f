"""Seed the topic areas agencies can ask for help with, after the CRI-TAC topic list.

Idempotent (update_or_create on slug) and reversible. Topics are edited, added or retired
(untick "is active") in the admin; keep a topic's slug once requests refer to it.
"""

from django.db import migrations
from django.utils.text import slugify

TOPICS = [
    "Accountability",
    "Accreditation",
    "Active shooter response",
    "Bias-free policing",
    "Body-worn cameras",
    "Campus safety",
    "Cold case investigations",
    "Community engagement",
    "Community policing",
    "Crime analysis",
    "Crisis intervention",
    "Critical incident review",
    "Cybercrime",
    "Data and technology",
    "De-escalation",
    "Domestic violence",
    "Drones and unmanned aircraft systems",
    "Early intervention systems",
    "Elder abuse",
    "Emergency preparedness",
    "Field training",
    "Gangs",
    "Gun violence reduction",
    "Hate crimes",
    "Homelessness",
    "Human trafficking",
    "Immigrant communities",
    "Implicit bias",
    "Intelligence and information sharing",
    "Internal affairs",
    "Interviews and interrogations",
    "Jail and detention operations",
    "Juvenile justice",
    "Language access",
    "Leadership development",
    "Less-lethal options",
    "LGBTQ+ communities",
    "Mass demonstrations and crowd management",
    "Mental health response",
    "Missing and murdered Indigenous persons",
    "Officer safety and wellness",
    "Officer suicide prevention",
    "Officer-involved shootings",
    "Opioids and substance use",
    "Peer support",
    "People with disabilities",
    "Policy development",
    "Procedural justice",
    "Public information and social media",
    "Recruitment and retention",
    "Rural policing",
    "School safety",
    "Sexual assault investigations",
    "Succession planning",
    "Supervision",
    "Terrorism and violent extremism",
    "Traffic safety",
    "Tribal law enforcement",
    "Use of force",
    "Use of technology",
    "Vehicle pursuits",
    "Victim services",
    "Violent crime reduction",
    "Youth engagement",
]


def seed(apps, schema_editor):
    Topic = apps.get_model("catalog", "Topic")
    for name in TOPICS:
        Topic.objects.update_or_create(slug=slugify(name), defaults={"name": name})


def unseed(apps, schema_editor):
    Topic = apps.get_model("catalog", "Topic")
    Topic.objects.filter(slug__in=[slugify(name) for name in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_seed_programs_services_goals")]

    operations = [migrations.RunPython(seed, unseed)]
