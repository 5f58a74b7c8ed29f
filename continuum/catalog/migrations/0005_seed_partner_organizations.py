"""Seed the CRI-TAC partner organizations and their dated memberships of the partnership.

CRI-TAC launched in 2017. The dates below are APPROXIMATE: 2017-10-01 stands for "founding
member at launch", and the end of the Major Cities Chiefs Association's membership
(2020-09-30, the end of a federal fiscal year) is a plausible placeholder, not a verified date.
The roster changed over the years; correct the dates in the admin (Provider organizations →
partner memberships) when the COPS Office's records say otherwise.

Idempotent (organizations: update_or_create on slug; memberships: on organization and start
date) and reversible (the reverse deletes the seeded memberships, then the organizations).
"""

import datetime

from django.db import migrations

LAUNCH = datetime.date(2017, 10, 1)
MCCA_END = datetime.date(2020, 9, 30)

# (slug, acronym, name, website, description, start, end, is lead)
ORGANIZATIONS = [
    (
        "iacp",
        "IACP",
        "International Association of Chiefs of Police",
        "https://www.theiacp.org/",
        "The world's largest association of police leaders; leads the CRI-TAC partnership.",
        LAUNCH,
        None,
        True,
    ),
    (
        "fbinaa",
        "FBINAA",
        "FBI National Academy Associates",
        "https://www.fbinaa.org/",
        "The association of graduates of the FBI National Academy for law enforcement leaders.",
        LAUNCH,
        None,
        False,
    ),
    (
        "fop",
        "FOP",
        "Fraternal Order of Police",
        "https://fop.net/",
        "The largest organization of sworn law enforcement officers in the United States.",
        LAUNCH,
        None,
        False,
    ),
    (
        "iaclea",
        "IACLEA",
        "International Association of Campus Law Enforcement Administrators",
        "https://www.iaclea.org/",
        "The association of campus public safety leaders at colleges and universities.",
        LAUNCH,
        None,
        False,
    ),
    (
        "iadlest",
        "IADLEST",
        "International Association of Directors of Law Enforcement Standards and Training",
        "https://www.iadlest.org/",
        "The association of the state agencies that set standards for police training.",
        LAUNCH,
        None,
        False,
    ),
    (
        "mcsa",
        "MCSA",
        "Major County Sheriffs of America",
        "https://www.majorcountysheriffs.org/",
        "The association of elected sheriffs of the largest counties in the United States.",
        LAUNCH,
        None,
        False,
    ),
    (
        "nawlee",
        "NAWLEE",
        "National Association of Women Law Enforcement Executives",
        "https://www.nawlee.org/",
        "The association of women leaders in law enforcement.",
        LAUNCH,
        None,
        False,
    ),
    (
        "noble",
        "NOBLE",
        "National Organization of Black Law Enforcement Executives",
        "https://noblenational.org/",
        "The association of Black law enforcement executives and command-level officers.",
        LAUNCH,
        None,
        False,
    ),
    (
        "nsa",
        "NSA",
        "National Sheriffs' Association",
        "https://www.sheriffs.org/",
        "The national association of sheriffs, their deputies and staff.",
        LAUNCH,
        None,
        False,
    ),
    (
        "ntoa",
        "NTOA",
        "National Tactical Officers Association",
        "https://www.ntoa.org/",
        "The association of tactical and special operations officers.",
        LAUNCH,
        None,
        False,
    ),
    (
        "mcca",
        "MCCA",
        "Major Cities Chiefs Association",
        "https://majorcitieschiefs.com/",
        "The association of police chiefs and sheriffs of the largest cities.",
        LAUNCH,
        MCCA_END,
        False,
    ),
]


def seed(apps, schema_editor):
    ProviderOrganization = apps.get_model("catalog", "ProviderOrganization")
    PartnerMembership = apps.get_model("catalog", "PartnerMembership")
    for slug, acronym, name, website, description, start, end, is_lead in ORGANIZATIONS:
        organization, _ = ProviderOrganization.objects.update_or_create(
            slug=slug,
            defaults={
                "acronym": acronym,
                "name": name,
                "kind": "membership",
                "website": website,
                "description": description,
            },
        )
        note = "Founding member (dates approximate)." if start == LAUNCH else ""
        if end is not None:
            note = "Founding member; membership ended (dates approximate)."
        PartnerMembership.objects.update_or_create(
            organization=organization,
            start_date=start,
            defaults={"end_date": end, "is_lead": is_lead, "note": note},
        )


def unseed(apps, schema_editor):
    ProviderOrganization = apps.get_model("catalog", "ProviderOrganization")
    PartnerMembership = apps.get_model("catalog", "PartnerMembership")
    for slug, _, _, _, _, start, _, _ in ORGANIZATIONS:
        PartnerMembership.objects.filter(organization__slug=slug, start_date=start).delete()
    ProviderOrganization.objects.filter(
        slug__in=[row[0] for row in ORGANIZATIONS], partnerships__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_seed_topics")]

    operations = [migrations.RunPython(seed, unseed)]
