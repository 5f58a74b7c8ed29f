"""Who may see and do what with progress reports and the public portal: declared once here.

The public is one more audience: it sees a listed engagement's listing, its promised report
dates, and its published reports, and the latest published dashboard; nothing else, ever.

- `PublicListing`: public while listed; otherwise seen by those who see the engagement.
  Program staff list and unlist; the agency's chief executive gives (or withdraws) consent.
- `ReportDue`: with its listing (public when listed), else with the engagement.
- `ProgressReport`: a draft is seen by program staff, the working side and the agency side (the
  agency reads what will be said before it is public); only program staff create, edit and
  publish. A published report is public when its engagement is listed.
- `DashboardSnapshot`: the latest published one is public; program staff compute and publish.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.core.policy import Audience, Policy, is_program_staff, register
from continuum.engagements.policy import engagement_rule, relation_of

from .choices import ReportState
from .models import DashboardSnapshot, ProgressReport, PublicListing, ReportDue

SIDES = Audience.STAFF | Audience.PROVIDER | Audience.AGENCY


def _listed(prefix: str = "") -> Q:
    return Q(**{f"{prefix}listed_at__isnull": False})


def _seen_with_engagement(user: Any, prefix: str) -> Q:
    if is_program_staff(user):
        return Q()
    return engagement_rule(user, prefix)


def _audience(user: Any, engagement: Any, public: bool) -> Audience:
    relation = relation_of(user, engagement)
    if relation.sees:
        return relation.audience
    return Audience.PUBLIC if public else Audience.NONE


class PublicListingPolicy(Policy):
    model = PublicListing
    rules = ("manage",)
    default_event_audience = SIDES

    def visible_to(self, user: Any) -> Q:
        if is_program_staff(user):
            return Q()
        return _listed() | _seen_with_engagement(user, "engagement__")

    def view(self, user: Any, listing: PublicListing) -> bool:
        return listing.is_listed or relation_of(user, listing.engagement).sees

    def manage(self, user: Any, listing: PublicListing) -> bool:
        return is_program_staff(user)

    def audience_of(self, user: Any, listing: PublicListing) -> Audience:
        if not self.view(user, listing):
            return Audience.NONE
        return _audience(user, listing.engagement, listing.is_listed)


class ReportDuePolicy(Policy):
    model = ReportDue
    rules = ("manage",)
    default_event_audience = SIDES

    def visible_to(self, user: Any) -> Q:
        if is_program_staff(user):
            return Q()
        return _listed("engagement__public_listing__") | _seen_with_engagement(user, "engagement__")

    def _public(self, due: ReportDue) -> bool:
        listing = PublicListing.objects.filter(engagement_id=due.engagement_id).first()
        return listing is not None and listing.is_listed

    def view(self, user: Any, due: ReportDue) -> bool:
        return self._public(due) or relation_of(user, due.engagement).sees

    def manage(self, user: Any, due: ReportDue) -> bool:
        return is_program_staff(user)

    def audience_of(self, user: Any, due: ReportDue) -> Audience:
        if not self.view(user, due):
            return Audience.NONE
        return _audience(user, due.engagement, self._public(due))


class ProgressReportPolicy(Policy):
    model = ProgressReport
    rules = ("edit", "publish")
    default_event_audience = SIDES

    @staticmethod
    def _public_rows() -> Q:
        return Q(state=ReportState.PUBLISHED) & _listed("engagement__public_listing__")

    def _public(self, report: ProgressReport) -> bool:
        if report.state != ReportState.PUBLISHED:
            return False
        listing = PublicListing.objects.filter(engagement_id=report.engagement_id).first()
        return listing is not None and listing.is_listed

    def visible_to(self, user: Any) -> Q:
        if is_program_staff(user):
            return Q()
        return self._public_rows() | _seen_with_engagement(user, "engagement__")

    def view(self, user: Any, report: ProgressReport) -> bool:
        return self._public(report) or relation_of(user, report.engagement).sees

    def edit(self, user: Any, report: ProgressReport) -> bool:
        """Only a draft changes, and only program staff change it."""
        return report.state == ReportState.DRAFT and is_program_staff(user)

    def publish(self, user: Any, report: ProgressReport) -> bool:
        return report.state == ReportState.DRAFT and is_program_staff(user)

    def audience_of(self, user: Any, report: ProgressReport) -> Audience:
        if not self.view(user, report):
            return Audience.NONE
        return _audience(user, report.engagement, self._public(report))


class DashboardSnapshotPolicy(Policy):
    model = DashboardSnapshot
    rules = ("publish",)

    def visible_to(self, user: Any) -> Q:
        if is_program_staff(user):
            return Q()
        return Q(published_at__isnull=False)

    def view(self, user: Any, snapshot: DashboardSnapshot) -> bool:
        return snapshot.published_at is not None or is_program_staff(user)

    def publish(self, user: Any, snapshot: DashboardSnapshot) -> bool:
        return is_program_staff(user) and snapshot.published_at is None

    def audience_of(self, user: Any, snapshot: DashboardSnapshot) -> Audience:
        if not self.view(user, snapshot):
            return Audience.NONE
        if is_program_staff(user):
            return Audience.everyone()
        return Audience.PUBLIC


LISTINGS = register(PublicListingPolicy())
REPORTS_DUE = register(ReportDuePolicy())
PROGRESS_REPORTS = register(ProgressReportPolicy())
DASHBOARDS = register(DashboardSnapshotPolicy())
