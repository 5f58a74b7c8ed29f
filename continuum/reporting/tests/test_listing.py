"""Public listings: program staff prepare and publish them, with the agency chief executive's
consent for every program but the Organizational Assessment; withdrawing it unlists at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.text import slugify

from continuum.activity.models import Event
from continuum.catalog.models import Program
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.reporting.models import PublicListing
from continuum.reporting.services import listings as svc
from continuum.reporting.tests.factories import PublicListingFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]


def oa_world():
    return delivery_world(program=Program.objects.get(slug="organizational-assessment"))


def prepare(world, actor=None, **kwargs):
    return svc.listing_create(
        actor=actor or world.staff,
        engagement=world.engagement,
        title=kwargs.pop("title", "Reform in Anytown"),
        **kwargs,
    )


def test_staff_prepare_a_listing_with_the_engagements_facts_copied():
    world = delivery_world()
    engagement = world.engagement
    for user in [world.lead, world.executive, world.member, world.outsider]:
        with pytest.raises(PermissionDenied):
            prepare(world, actor=user)
    listing = prepare(world, summary="What it is about.", report_every_months=6)
    agency = engagement.agency
    assert listing.agency_name == agency.name
    assert listing.agency_ori == (agency.ori9 or "")
    assert listing.agency_state == agency.state.usps
    assert listing.agency_type == agency.get_agency_type_display()
    assert (listing.program_name, listing.program_slug) == (
        engagement.program.name,
        engagement.program.slug,
    )
    assert listing.services == sorted(s.name for s in engagement.services.all())
    assert listing.started_on == engagement.starts_on
    assert listing.slug == slugify(f"{agency.name} {engagement.program.slug}")
    assert not listing.is_listed
    with pytest.raises(ValidationError, match="already"):
        prepare(world)
    with pytest.raises(ValidationError):
        prepare(delivery_world(), title="  ")
    assert Event.objects.filter(verb="listing_created").count() == 1


def test_slugs_are_unique_for_the_same_agency_and_program():
    first = delivery_world()
    listing = prepare(first)
    second = delivery_world()
    second.engagement.agency.name = first.engagement.agency.name
    second.engagement.agency.save()
    second.engagement.refresh_from_db()
    other = prepare(second)
    assert other.slug != listing.slug and other.slug.startswith(listing.slug)


def test_an_organizational_assessment_is_listed_without_consent():
    world = oa_world()
    listing = svc.listing_publish(actor=world.staff, listing=prepare(world))
    assert listing.is_listed and listing.consent_at is None
    with pytest.raises(ValidationError, match="already"):
        svc.listing_publish(actor=world.staff, listing=listing)


def test_other_programs_are_listed_only_with_the_chief_executives_consent():
    world = delivery_world()
    listing = prepare(world)
    with pytest.raises(ValidationError, match="not agreed"):
        svc.listing_publish(actor=world.staff, listing=listing)
    for user in [world.member, world.requester, world.staff, world.lead, world.other_agency_member]:
        with pytest.raises(PermissionDenied):
            svc.listing_consent(actor=user, engagement=world.engagement, typed_name="Someone")
    with pytest.raises(ValidationError):
        svc.listing_consent(actor=world.executive, engagement=world.engagement, typed_name=" ")
    consented = svc.listing_consent(
        actor=world.executive, engagement=world.engagement, typed_name="Chief Dana Ortiz"
    )
    assert (consented.consent_by, consented.consent_name) == (world.executive, "Chief Dana Ortiz")
    with pytest.raises(ValidationError, match="already"):
        svc.listing_consent(actor=world.executive, engagement=world.engagement, typed_name="Again")
    listed = svc.listing_publish(actor=world.staff, listing=listing)
    assert listed.is_listed

    withdrawn = svc.listing_consent_withdraw(actor=world.executive, engagement=world.engagement)
    assert not withdrawn.is_listed and withdrawn.consent_at is None
    with pytest.raises(ValidationError):
        svc.listing_publish(actor=world.staff, listing=withdrawn)


def test_consent_needs_a_prepared_listing():
    world = delivery_world()
    with pytest.raises(ValidationError, match="not prepared"):
        svc.listing_consent(actor=world.executive, engagement=world.engagement, typed_name="D")


def test_withdrawing_consent_leaves_an_organizational_assessment_listed():
    world = oa_world()
    listing = prepare(world)
    svc.listing_consent(actor=world.executive, engagement=world.engagement, typed_name="D. Ortiz")
    svc.listing_publish(actor=world.staff, listing=listing)
    after = svc.listing_consent_withdraw(actor=world.executive, engagement=world.engagement)
    assert after.is_listed


def test_unlisting_needs_a_reason_and_refresh_copies_the_facts_again():
    world = oa_world()
    listing = svc.listing_publish(actor=world.staff, listing=prepare(world))
    with pytest.raises(ValidationError):
        svc.listing_unlist(actor=world.staff, listing=listing, reason="")
    with pytest.raises(PermissionDenied):
        svc.listing_unlist(actor=world.lead, listing=listing, reason="No.")
    unlisted = svc.listing_unlist(actor=world.staff, listing=listing, reason="Agency renamed.")
    assert not unlisted.is_listed
    assert Event.objects.get(verb="listing_unlisted").note == "Agency renamed."
    with pytest.raises(ValidationError, match="not on the public portal"):
        svc.listing_unlist(actor=world.staff, listing=unlisted, reason="Twice.")

    agency = world.engagement.agency
    agency.name = "Anytown Police Department (renamed)"
    agency.save()
    refreshed = svc.listing_refresh(actor=world.staff, listing=unlisted)
    assert refreshed.agency_name == "Anytown Police Department (renamed)"
    assert refreshed.title == "Reform in Anytown"


def test_listing_pages_answer_only_staff_and_the_chief_executive(client):
    world = delivery_world()
    kwargs = {"public_id": world.engagement.public_id}
    listing_url = reverse("reporting:listing", kwargs=kwargs)
    consent_url = reverse("reporting:consent", kwargs=kwargs)
    for user in [world.lead, world.member, world.executive, *world.outsiders.values()]:
        client.force_login(user)
        assert client.get(listing_url).status_code == 404
    for user in [world.staff, world.lead, world.member, *world.outsiders.values()]:
        client.force_login(user)
        assert client.get(consent_url).status_code == 404

    client.force_login(world.staff)
    response = client.post(listing_url, {"action": "create", "title": "", "summary": ""})
    assert response.status_code == 400
    response = client.post(listing_url, {"action": "create", "title": "Public title"})
    assert response.status_code == 302
    response = client.post(listing_url, {"action": "publish"}, follow=True)
    assert "has not agreed" in response.content.decode()
    assert not PublicListing.objects.get().is_listed

    client.force_login(world.executive)
    assert "Public title" in client.get(consent_url).content.decode()
    assert client.post(consent_url, {"action": "consent", "typed_name": ""}).status_code == 400
    client.post(consent_url, {"action": "consent", "typed_name": "Chief Dana Ortiz"})
    assert PublicListing.objects.get().consent_name == "Chief Dana Ortiz"

    client.force_login(world.staff)
    client.post(listing_url, {"action": "publish"})
    assert PublicListing.objects.get().is_listed
    assert client.post(listing_url, {"action": "unlist", "reason": ""}).status_code == 400
    client.post(listing_url, {"action": "unlist", "reason": "Asked by the agency."})
    assert not PublicListing.objects.get().is_listed


def test_the_reports_page_shows_the_listing_state_to_the_agency(client):
    world = delivery_world()
    PublicListingFactory(engagement=world.engagement, listed_at=None)
    client.force_login(world.executive)
    page = client.get(
        reverse("reporting:reports", kwargs={"public_id": world.engagement.public_id})
    ).content.decode()
    assert "Prepared, not on the public portal." in page
    assert reverse("reporting:consent", kwargs={"public_id": world.engagement.public_id}) in page
