"""Progress reports and their promised due dates: every write, by program staff only.

- `report_draft_create` / `report_draft_update`: a draft is a snapshot of the register (see
  `snapshot.py`), rebuilt whenever the draft is saved.
- `report_publish`: the snapshot is built one last time and frozen; the report fulfils the
  engagement's earliest open promise (the earliest unfulfilled `ReportDue`, overdue or not: a
  late report still keeps the promise it was late for); a correction fulfils none. The PDF is
  rendered once, after the publication commits; if rendering fails the publication stands and
  the PDF page renders it on demand.
- A published report never changes: every write here takes the row under lock and refuses
  anything but a draft (the policy's `edit` and `publish` rules hold for drafts only); the one
  later write is storing the PDF, and only into an empty `pdf` field.
- `reports_schedule` / `report_due_remove`: the promised dates; `overdue` lists the broken
  promises (due before today and not fulfilled).

Which earlier reports count: the published reports of the engagement, less those corrected by a
published correction (and, for a correction, less the report it corrects). The latest of them
is the "previous report" (what changed since) and their last burndown points are the burndown's
earlier points.
"""

from __future__ import annotations

import calendar
import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.cache import topic_changed
from continuum.engagements.models import Engagement
from continuum.recommendations.models import Recommendation

from ..choices import ReportState
from ..models import ProgressReport, ReportDue
from ..policy import PROGRESS_REPORTS, REPORTS_DUE
from ..snapshot import build_snapshot

logger = logging.getLogger(__name__)

MAX_SCHEDULED = 20
MAX_EVERY_MONTHS = 36


# -- rights ----------------------------------------------------------------------------------


def can_prepare_reports(actor: Any, engagement: Engagement) -> bool:
    """May `actor` start a progress report on `engagement` (the policy's rule for a new draft)."""
    draft = ProgressReport(engagement=engagement, state=ReportState.DRAFT)
    return PROGRESS_REPORTS.allows("edit", actor, draft)


def can_schedule_reports(actor: Any, engagement: Engagement) -> bool:
    return REPORTS_DUE.allows("manage", actor, ReportDue(engagement=engagement))


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked_engagement(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


def _locked_report(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("engagement", "corrects")
        .get(pk=report.pk)
    )


# -- which earlier reports count -------------------------------------------------------------


def counted_reports(engagement: Engagement, *, leave_out: Iterable[int] = ()) -> list:
    """The engagement's published reports that still stand (not corrected by a published
    correction), oldest first, less those in `leave_out`."""
    published = ProgressReport.objects.filter(
        engagement=engagement, state=ReportState.PUBLISHED
    ).exclude(pk__in=list(leave_out))
    corrected = set(published.filter(corrects__isnull=False).values_list("corrects_id", flat=True))
    return [
        report for report in published.order_by("as_of", "number") if report.pk not in corrected
    ]


def _earlier(report: ProgressReport) -> list[ProgressReport]:
    leave_out = [report.pk] if report.pk else []
    if report.corrects_id:
        leave_out.append(report.corrects_id)
    return counted_reports(report.engagement, leave_out=leave_out)


def _check_as_of(as_of: datetime.date | None, earlier: list[ProgressReport]) -> None:
    if as_of is None:
        raise ValidationError({"as_of": _("Enter the date the figures are as of.")})
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("The figures cannot be as of a date in the future.")})
    if earlier and as_of < earlier[-1].as_of:
        raise ValidationError(
            {
                "as_of": _(
                    "Report %(number)s was published with figures as of %(date)s; a new "
                    "report cannot be dated earlier."
                )
                % {"number": earlier[-1].number, "date": date_format(earlier[-1].as_of, "F j, Y")}
            }
        )


def _corrects_of(report: ProgressReport) -> dict | None:
    if report.corrects is None:
        return None
    return {
        "number": report.corrects.number,
        "title": report.corrects.title,
        "note": report.correction_note,
    }


def _rebuild(report: ProgressReport) -> None:
    """Build the draft's snapshot from the register as it is now (checking its date)."""
    earlier = _earlier(report)
    _check_as_of(report.as_of, earlier)
    report.snapshot = build_snapshot(
        report.engagement,
        as_of=report.as_of,
        previous=earlier[-1].snapshot if earlier else None,
        earlier_points=[r.snapshot["burndown"][-1] for r in earlier if r.snapshot.get("burndown")],
        caveats=report.caveats,
        validator_notes=report.validator_notes,
        corrects=_corrects_of(report),
    )


# -- drafts ----------------------------------------------------------------------------------


def _check_correction(engagement: Engagement, corrects: Any, note: str) -> None:
    if corrects is None:
        if note:
            raise ValidationError(
                {"corrects": _("Choose the published report this report corrects.")}
            )
        return
    if corrects.engagement_id != engagement.pk or not corrects.is_published:
        raise ValidationError(
            {"corrects": _("A correction must name a published report of this engagement.")}
        )
    if not note:
        raise ValidationError({"correction_note": _("Say what this report corrects.")})


@transaction.atomic
def report_draft_create(
    *,
    actor: Any,
    engagement: Engagement,
    as_of: datetime.date | None = None,
    title: str = "",
    corrects: ProgressReport | None = None,
    correction_note: str = "",
) -> ProgressReport:
    """Start progress report N+1 of `engagement`: a draft holding the register's snapshot."""
    _require(
        can_prepare_reports(actor, engagement),
        _("Only program staff may prepare progress reports."),
    )
    engagement = _locked_engagement(engagement)
    if not Recommendation.objects.filter(engagement=engagement).exists():
        raise ValidationError(_("There are no recommendations to report on yet."))
    note = (correction_note or "").strip()
    _check_correction(engagement, corrects, note)
    number = (
        ProgressReport.objects.filter(engagement=engagement).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    report = ProgressReport(
        engagement=engagement,
        number=number,
        title=(title or "").strip() or _("Progress report %(number)s") % {"number": number},
        as_of=as_of or timezone.localdate(),
        corrects=corrects,
        correction_note=note,
        created_by=actor,
    )
    _rebuild(report)
    report.full_clean()
    report.save()
    event_record(
        actor=actor,
        verb="report_drafted",
        target=report,
        note=report.title,
        data={"number": number, "corrects": corrects.number if corrects else None},
    )
    return report


@transaction.atomic
def report_draft_update(
    *,
    actor: Any,
    report: ProgressReport,
    title: str,
    as_of: datetime.date,
    caveats: str = "",
    validator_notes: str = "",
) -> ProgressReport:
    """Change a draft's words or date; its snapshot is built again from the register."""
    report = _locked_report(report)
    _require(
        PROGRESS_REPORTS.allows("edit", actor, report),
        _("Only a draft changes, and only program staff change it."),
    )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the report a title.")})
    report.title = title
    report.as_of = as_of
    report.caveats = (caveats or "").strip()
    report.validator_notes = (validator_notes or "").strip()
    _rebuild(report)
    report.full_clean()
    report.save()
    event_record(actor=actor, verb="report_updated", target=report, note=report.title)
    return report


# -- publication -----------------------------------------------------------------------------


def _fulfil_due(report: ProgressReport) -> ReportDue | None:
    if report.corrects_id:
        return None
    due = (
        ReportDue.objects.select_for_update()
        .filter(engagement_id=report.engagement_id, fulfilled_by__isnull=True)
        .order_by("due_on", "pk")
        .first()
    )
    if due is not None:
        due.fulfilled_by = report
        due.save(update_fields=["fulfilled_by"])
    return due


def _publish(actor: Any, report: ProgressReport) -> ProgressReport:
    report = _locked_report(report)
    _require(
        PROGRESS_REPORTS.allows("publish", actor, report),
        _("Only a draft is published, and only program staff publish it."),
    )
    _rebuild(report)
    report.snapshot["burndown"][-1]["report"] = report.number
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor
    report.full_clean()
    report.save()
    due = _fulfil_due(report)
    event_record(
        actor=actor,
        verb="report_published",
        target=report,
        from_state=ReportState.DRAFT,
        to_state=ReportState.PUBLISHED,
        note=report.title,
        data={"number": report.number, "fulfils": due.due_on.isoformat() if due else None},
    )
    topic_changed("portal")
    return report


def report_publish(*, actor: Any, report: ProgressReport) -> ProgressReport:
    """Publish a draft: one last snapshot, frozen from now on; then its PDF, once.

    The publication is one transaction. The PDF is rendered after it (a few seconds for a
    large register): if rendering fails, the report stays published and its PDF page renders
    the PDF on demand.
    """
    with transaction.atomic():
        report = _publish(actor, report)
    try:
        report_pdf_store(report)
    except Exception:  # the publication stands; the PDF view renders on demand
        logger.exception("Rendering the PDF of progress report %s failed.", report.pk)
    return report


def report_pdf_bytes(report: ProgressReport) -> bytes:
    """The report as a PDF: `report_pdf.html` (the page's `_report_body.html`) by WeasyPrint."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from ..presentation import report_context

    html = render_to_string("reporting/report_pdf.html", report_context(report, chart_prefix="pdf"))
    return HTML(string=html).write_pdf()


def report_pdf_store(report: ProgressReport) -> bool:
    """Store a published report's PDF once. Returns False when there was nothing to store."""
    if not report.is_published or report.pdf:
        return False
    content = report_pdf_bytes(report)
    name = f"progress-report-{report.public_id}.pdf"
    field = report.pdf
    stored = field.storage.save(field.field.generate_filename(report, name), ContentFile(content))
    with transaction.atomic():
        updated = ProgressReport.objects.filter(
            pk=report.pk, state=ReportState.PUBLISHED, pdf=""
        ).update(pdf=stored)
    if not updated:  # someone stored it first: keep theirs
        field.storage.delete(stored)
        return False
    report.pdf.name = stored
    return True


# -- promised reports ------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months (the 31st becomes the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_schedule(first_due_on: Any, every_months: Any, count: Any) -> None:
    errors = {}
    if first_due_on is None:
        errors["first_due_on"] = _("Enter the date the first report is due.")
    if not isinstance(every_months, int) or not 1 <= every_months <= MAX_EVERY_MONTHS:
        errors["every_months"] = _("Enter a number of months from 1 to %(max)s.") % {
            "max": MAX_EVERY_MONTHS
        }
    if not isinstance(count, int) or not 1 <= count <= MAX_SCHEDULED:
        errors["count"] = _("Enter a number of reports from 1 to %(max)s.") % {"max": MAX_SCHEDULED}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reports_schedule(
    *,
    actor: Any,
    engagement: Engagement,
    first_due_on: datetime.date,
    every_months: int,
    count: int,
) -> list[ReportDue]:
    """Promise `count` reports, the first on `first_due_on`, then every `every_months` months.
    Dates already promised are kept as they are (and not doubled)."""
    _require(
        can_schedule_reports(actor, engagement),
        _("Only program staff may promise progress reports."),
    )
    _check_schedule(first_due_on, every_months, count)
    engagement = _locked_engagement(engagement)
    dates = [add_months(first_due_on, every_months * i) for i in range(count)]
    taken = set(
        ReportDue.objects.filter(engagement=engagement, due_on__in=dates).values_list(
            "due_on", flat=True
        )
    )
    created = []
    for due_on in dates:
        if due_on in taken:
            continue
        due = ReportDue(engagement=engagement, due_on=due_on)
        due.full_clean()
        due.save()
        created.append(due)
    if created:
        event_record(
            actor=actor,
            verb="reports_scheduled",
            target=engagement,
            note=", ".join(date_format(d.due_on, "F j, Y") for d in created),
            data={"dates": [d.due_on.isoformat() for d in created]},
        )
        topic_changed("portal")
    return created


@transaction.atomic
def report_due_remove(*, actor: Any, due: ReportDue) -> None:
    """Take back a promised date that no report has fulfilled."""
    due = ReportDue.objects.select_for_update().select_related("engagement").get(pk=due.pk)
    _require(
        REPORTS_DUE.allows("manage", actor, due),
        _("Only program staff may change the promised reports."),
    )
    if due.fulfilled_by_id is not None:
        raise ValidationError(_("A published report fulfilled this date; it stays on the record."))
    event_record(
        actor=actor,
        verb="report_due_removed",
        target=due.engagement,
        note=date_format(due.due_on, "F j, Y"),
        data={"due_on": due.due_on.isoformat()},
    )
    due.delete()
    topic_changed("portal")


def overdue(engagement_or_dues: Engagement | Iterable[ReportDue], today: datetime.date) -> list:
    """The promised reports due before `today` that no published report fulfilled."""
    if isinstance(engagement_or_dues, Engagement):
        return list(
            ReportDue.objects.filter(
                engagement=engagement_or_dues, fulfilled_by__isnull=True, due_on__lt=today
            ).order_by("due_on", "pk")
        )
    return [d for d in engagement_or_dues if d.fulfilled_by_id is None and d.due_on < today]
