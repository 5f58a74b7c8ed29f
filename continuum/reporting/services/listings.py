"""An engagement's public listing: prepared, consented to, published, refreshed and taken down.

- Program staff prepare the listing (`listing_create`): the public facts of the engagement are
  copied into the row (agency name, ORI, state, type; program; services; topics; start date),
  so the portal never reads a working table. A listing is not public until it is published.
- An Organizational Assessment (a program with `has_monitoring`) is public by design and needs
  no consent. Any other engagement is listed only with the agency's consent: its verified
  chief executive (the person who accepts the engagement agreement) types their name
  (`listing_consent`), and may withdraw it at any time (`listing_consent_withdraw`), which
  takes the listing off the portal at once.
- Program staff publish (`listing_publish`), take down with a reason (`listing_unlist`) and
  copy the facts again (`listing_refresh`).

Each write is one transaction with an event; each that changes what the public sees bumps the
portal's cache topic.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.cache import topic_changed
from continuum.engagements.models import Engagement
from continuum.engagements.policy import ENGAGEMENTS

from ..models import PublicListing
from ..policy import LISTINGS

SLUG_MAX = 110


def consent_needed(engagement: Engagement) -> bool:
    """Does listing this engagement need the agency's consent (every program but those whose
    engagements are monitored in public: Organizational Assessments)?"""
    return not engagement.program.has_monitoring


def can_manage_listing(actor: Any, engagement: Engagement) -> bool:
    return LISTINGS.allows("manage", actor, PublicListing(engagement=engagement))


def can_consent(actor: Any, engagement: Engagement) -> bool:
    """The agency's verified chief executive: the rule for accepting the agreement."""
    return ENGAGEMENTS.allows("accept_agreement", actor, engagement)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_manage(actor: Any, engagement: Engagement) -> None:
    _require(
        can_manage_listing(actor, engagement),
        _("Only program staff may change what the public portal shows."),
    )


def _facts(engagement: Engagement) -> dict[str, Any]:
    """The engagement's public facts, as they are now."""
    agency = engagement.agency
    program = engagement.program
    return {
        "agency_name": agency.name if agency is not None else engagement.agency_label,
        "agency_ori": (agency.ori9 or "") if agency is not None else "",
        "agency_state": agency.state.usps if agency is not None else "",
        "agency_type": agency.get_agency_type_display() if agency is not None else "",
        "program_name": program.name,
        "program_slug": program.slug,
        "services": [s.name for s in engagement.services.order_by("name")],
        "topics": [t.name for t in engagement.topics.order_by("name")],
        "started_on": engagement.starts_on,
    }


def _slug(agency_name: str, program_slug: str) -> str:
    base = slugify(f"{agency_name} {program_slug}")[:SLUG_MAX].strip("-") or "engagement"
    slug, n = base, 1
    while PublicListing.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: SLUG_MAX - 6]}-{n}"
    return slug


def _locked_listing(listing: PublicListing) -> PublicListing:
    return (
        PublicListing.objects.select_for_update(of=("self",))
        .select_related("engagement__program", "engagement__agency__state")
        .get(pk=listing.pk)
    )


def _locked_listing_of(engagement: Engagement) -> PublicListing:
    listing = (
        PublicListing.objects.select_for_update(of=("self",))
        .select_related("engagement__program")
        .filter(engagement=engagement)
        .first()
    )
    if listing is None:
        raise ValidationError(
            _("Program staff have not prepared a public listing of this engagement yet.")
        )
    return listing


@transaction.atomic
def listing_create(
    *,
    actor: Any,
    engagement: Engagement,
    title: str,
    summary: str = "",
    report_every_months: int | None = None,
) -> PublicListing:
    """Prepare the engagement's public listing (not public until `listing_publish`)."""
    _require_manage(actor, engagement)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if PublicListing.objects.filter(engagement=engagement).exists():
        raise ValidationError(_("This engagement has a public listing already."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Enter the public title.")})
    facts = _facts(engagement)
    listing = PublicListing(
        engagement=engagement,
        slug=_slug(facts["agency_name"], facts["program_slug"]),
        title=title,
        summary=(summary or "").strip(),
        report_every_months=report_every_months,
        **facts,
    )
    listing.full_clean()
    listing.save()
    event_record(actor=actor, verb="listing_created", target=listing, note=title)
    return listing


@transaction.atomic
def listing_consent(*, actor: Any, engagement: Engagement, typed_name: str) -> PublicListing:
    """The agency's chief executive agrees to the engagement's listing, typing their name."""
    _require(
        can_consent(actor, engagement),
        _("Only the agency's chief executive may agree to a public listing."),
    )
    listing = _locked_listing_of(engagement)
    if listing.consent_at is not None:
        raise ValidationError(_("Your agency has agreed to this listing already."))
    typed_name = (typed_name or "").strip()
    if not typed_name:
        raise ValidationError({"typed_name": _("Type your full name to sign.")})
    listing.consent_by = actor
    listing.consent_at = timezone.now()
    listing.consent_name = typed_name
    listing.full_clean()
    listing.save(update_fields=["consent_by", "consent_at", "consent_name", "updated_at"])
    event_record(
        actor=actor,
        verb="listing_consented",
        target=listing,
        note=_("Agreed by %(name)s.") % {"name": typed_name},
    )
    return listing


@transaction.atomic
def listing_consent_withdraw(*, actor: Any, engagement: Engagement) -> PublicListing:
    """The chief executive withdraws the agency's consent; a listing that needed it comes off
    the portal at once (an Organizational Assessment's does not: it needs none)."""
    _require(
        can_consent(actor, engagement),
        _("Only the agency's chief executive may withdraw the agency's consent."),
    )
    listing = _locked_listing_of(engagement)
    if listing.consent_at is None:
        raise ValidationError(_("Your agency has not agreed to this listing."))
    unlisted = listing.is_listed and consent_needed(engagement)
    listing.consent_by = None
    listing.consent_at = None
    listing.consent_name = ""
    if unlisted:
        listing.listed_at = None
        listing.listed_by = None
    listing.save(
        update_fields=[
            "consent_by",
            "consent_at",
            "consent_name",
            "listed_at",
            "listed_by",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="listing_consent_withdrawn",
        target=listing,
        note=_("Taken off the public portal.") if unlisted else "",
    )
    if unlisted:
        topic_changed("portal")
    return listing


@transaction.atomic
def listing_publish(*, actor: Any, listing: PublicListing) -> PublicListing:
    """Put the listing on the public portal (with the agency's consent where it is needed)."""
    listing = _locked_listing(listing)
    _require_manage(actor, listing.engagement)
    if listing.is_listed:
        raise ValidationError(_("This engagement is on the public portal already."))
    if consent_needed(listing.engagement) and listing.consent_at is None:
        raise ValidationError(
            _(
                "The agency has not agreed to a public listing. Only an Organizational "
                "Assessment is listed without the agency's consent."
            )
        )
    listing.listed_at = timezone.now()
    listing.listed_by = actor
    listing.save(update_fields=["listed_at", "listed_by", "updated_at"])
    event_record(actor=actor, verb="listing_published", target=listing, note=listing.title)
    topic_changed("portal")
    return listing


@transaction.atomic
def listing_unlist(*, actor: Any, listing: PublicListing, reason: str) -> PublicListing:
    """Take the listing off the public portal, saying why."""
    listing = _locked_listing(listing)
    _require_manage(actor, listing.engagement)
    if not listing.is_listed:
        raise ValidationError(_("This engagement is not on the public portal."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the engagement is taken off the public portal.")}
        )
    listing.listed_at = None
    listing.listed_by = None
    listing.save(update_fields=["listed_at", "listed_by", "updated_at"])
    event_record(actor=actor, verb="listing_unlisted", target=listing, note=reason)
    topic_changed("portal")
    return listing


@transaction.atomic
def listing_refresh(*, actor: Any, listing: PublicListing) -> PublicListing:
    """Copy the engagement's public facts into the listing again (title and summary stay)."""
    listing = _locked_listing(listing)
    _require_manage(actor, listing.engagement)
    for field, value in _facts(listing.engagement).items():
        setattr(listing, field, value)
    listing.full_clean()
    listing.save()
    event_record(actor=actor, verb="listing_refreshed", target=listing)
    if listing.is_listed:
        topic_changed("portal")
    return listing
