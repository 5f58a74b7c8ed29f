"""Demo experts: a pool of 64 subject-matter experts to match engagements against.

Run after `seed_demo` (it needs the demo program staff account, who records the vetting) and
after the directory import (positions name real agencies when the directory is there). Every
write goes through the services, as a person would make it. Idempotent: an expert who already
has a profile is left alone. Refused where demo data is turned off (production).
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from continuum.accounts import services as account_services
from continuum.accounts.demo import DEMO_EMAIL_DOMAIN, DemoReport, demo_refuse_in_production
from continuum.accounts.models import User
from continuum.agencies.choices import AgencySize, AgencyType
from continuum.agencies.models import Agency, State
from continuum.catalog.models import ProviderOrganization, Service, Topic

from . import services
from .choices import AvailabilityKind, RankLevel, TravelWillingness, VettingStatus
from .models import ExpertProfile

FIRST = [
    "Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Gray", "Harper", "Jordan", "Kendall",
    "Logan", "Morgan", "Noel", "Parker", "Quinn", "Reese", "Rowan", "Sage", "Taylor", "Winter",
]  # fmt: skip
LAST = [
    "Alvarez", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ibarra",
    "Jackson", "Kim", "Lopez", "Morales", "Nguyen", "Okafor", "Patel", "Reyes", "Singh",
    "Thompson", "Washington",
]  # fmt: skip
TITLES = {
    RankLevel.CHIEF_EXECUTIVE: "Chief of Police",
    RankLevel.COMMAND: "Deputy Chief",
    RankLevel.SUPERVISOR: "Lieutenant",
    RankLevel.CIVILIAN_LEADER: "Director of Research and Planning",
    RankLevel.OVERSIGHT: "Inspector General",
    RankLevel.ACADEMIC: "Professor of Criminology",
    RankLevel.LEGAL: "General Counsel",
    RankLevel.COMMUNITY: "Community Engagement Director",
}
LANGUAGES = ["es", "es", "zh", "vi", "ar", "ko", "ht", "nv"]


def _email(number: int) -> str:
    return f"expert-{number:02d}@{DEMO_EMAIL_DOMAIN}"


@transaction.atomic
def seed_experts(*, count: int = 64, report: DemoReport) -> int:
    """Create up to `count` demo experts; returns how many were created now."""
    demo_refuse_in_production()
    staff = User.objects.filter(is_program_staff=True, is_active=True).order_by("pk").first()
    if staff is None:
        report.say("No program staff account yet: run seed_demo first (vetting needs one).")
    rng = random.Random(64)  # the same pool on every machine
    states = list(State.objects.filter(kind="state").order_by("usps"))
    organizations = list(ProviderOrganization.objects.order_by("name"))
    services_list = list(Service.objects.order_by("program__order", "name"))
    topics = list(Topic.objects.order_by("name"))
    agencies = list(Agency.objects.filter(population_served__isnull=False).order_by("pk")[:2000])
    today = datetime.date.today()
    created = 0
    for number in range(1, count + 1):
        if ExpertProfile.objects.filter(user__email=_email(number)).exists():
            continue
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 7) % len(LAST)]}"
        user = User.objects.filter(email=_email(number)).first() or account_services.user_create(
            actor=None, email=_email(number), full_name=name, password=None, is_expert=True
        )
        profile = services.expert_profile_start(actor=user)
        services.expert_profile_update(
            actor=user,
            expert=profile,
            home_state=rng.choice(states) if states else None,
            languages=sorted(set(rng.sample(LANGUAGES, k=rng.choice([0, 0, 1, 2])))),
            travel=rng.choice(list(TravelWillingness.values) + [TravelWillingness.NATIONAL]),
            capacity=rng.randint(1, 4),
            public_bio=f"{name} has worked in and with law enforcement agencies for "
            f"{rng.randint(12, 35)} years.",
        )
        if organizations and staff is not None:
            services.expert_organization_set(
                actor=staff, expert=profile, organization=rng.choice(organizations)
            )
        for service in rng.sample(services_list, k=min(len(services_list), rng.randint(1, 3))):
            services.expertise_add(
                actor=user, expert=profile, service=service, level=rng.randint(1, 3)
            )
        for topic in rng.sample(topics, k=min(len(topics), rng.randint(1, 4))):
            services.expertise_add(actor=user, expert=profile, topic=topic, level=rng.randint(1, 3))
        start = rng.randint(1985, 2012)
        for _position in range(rng.randint(1, 3)):
            rank = rng.choice(list(TITLES))
            end = min(start + rng.randint(3, 12), today.year)
            agency = rng.choice(agencies) if agencies and rng.random() < 0.6 else None
            services.position_add(
                actor=user,
                expert=profile,
                title=TITLES[rank],
                rank_level=rank,
                agency=agency,
                organization_name="" if agency else "A police department outside the directory",
                agency_type="" if agency else rng.choice(AgencyType.values),
                agency_size="" if agency else rng.choice(AgencySize.values),
                start_year=start,
                end_year=end if end < today.year else None,
            )
            start = end
        if rng.random() < 0.5:
            begin = today + datetime.timedelta(days=rng.randint(0, 120))
            services.availability_add(
                actor=user,
                expert=profile,
                kind=rng.choice(AvailabilityKind.values),
                starts_on=begin,
                ends_on=begin + datetime.timedelta(days=rng.randint(14, 150)),
            )
        if states and rng.random() < 0.1:
            services.conflict_declare(
                actor=user,
                expert=profile,
                state=rng.choice(states),
                reason="I advise the state's police standards board.",
            )
        if staff is not None and rng.random() < 0.85:
            services.expert_vet(
                actor=staff,
                expert=profile,
                status=VettingStatus.VETTED,
                vetted_on=today - datetime.timedelta(days=rng.randint(10, 700)),
            )
        created += 1
    report.say(f"Demo experts: {created} created now, {count} in the pool.")
    return created


#: The demo expert account's own profile (Lena Morales, use-of-force policy).
DEMO_EXPERT_EMAIL = f"expert@{DEMO_EMAIL_DOMAIN}"
DEMO_EXPERT_SERVICES = ["policy-review", "training", "after-action-review", "peer-exchange"]
DEMO_EXPERT_TOPICS = ["Use of force", "Policy development", "De-escalation", "Early intervention"]


@transaction.atomic
def demo_expert_profile_ensure(*, report: DemoReport) -> User | None:
    """Give the demo expert account a full, vetted profile at IACP (once; idempotent)."""
    demo_refuse_in_production()
    user = User.objects.filter(email=DEMO_EXPERT_EMAIL).first()
    if user is None:
        report.say("No demo expert account yet: run seed_demo first.")
        return None
    if ExpertProfile.objects.filter(user=user, home_state__isnull=False).exists():
        return user
    staff = User.objects.filter(is_program_staff=True, is_active=True).order_by("pk").first()
    profile = services.expert_profile_start(actor=user)
    services.expert_profile_update(
        actor=user,
        expert=profile,
        home_state=State.objects.filter(usps="AZ").first(),
        languages=["es"],
        travel=TravelWillingness.NATIONAL,
        capacity=6,
        public_bio="Lena Morales led a mid-size city department's use-of-force review board for "
        "nine years and has since helped agencies in twelve states rewrite their policies "
        "and training.",
    )
    organization = ProviderOrganization.objects.filter(slug="iacp").first()
    if organization is not None and staff is not None:
        services.expert_organization_set(actor=staff, expert=profile, organization=organization)
    for slug in DEMO_EXPERT_SERVICES:
        for service in Service.objects.filter(slug=slug):
            services.expertise_add(actor=user, expert=profile, service=service, level=3)
    for topic in Topic.objects.filter(name__in=DEMO_EXPERT_TOPICS):
        services.expertise_add(actor=user, expert=profile, topic=topic, level=3)
    today = datetime.date.today()
    services.position_add(
        actor=user,
        expert=profile,
        title="Deputy Chief",
        rank_level=RankLevel.COMMAND,
        agency=None,
        organization_name="Mesa Police Department",
        agency_type=AgencyType.MUNICIPAL,
        agency_size=AgencySize.LARGE,
        start_year=2004,
        end_year=2016,
    )
    services.position_add(
        actor=user,
        expert=profile,
        title="Senior policy adviser",
        rank_level=RankLevel.CIVILIAN_LEADER,
        agency=None,
        organization_name="International Association of Chiefs of Police",
        agency_type=AgencyType.OTHER,
        agency_size=AgencySize.SMALL,
        start_year=2016,
        end_year=None,
    )
    services.availability_add(
        actor=user,
        expert=profile,
        kind=AvailabilityKind.UNAVAILABLE,
        starts_on=today + datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=47),
    )
    if staff is not None:
        services.expert_vet(
            actor=staff,
            expert=profile,
            status=VettingStatus.VETTED,
            vetted_on=today - datetime.timedelta(days=200),
        )
    report.say(f"Gave the demo expert {DEMO_EXPERT_EMAIL} a full profile.")
    return user
