"""Implementation progress and its validation (issue 10 §3): every write of progress reports.

The agency side (or staff and the working side on its behalf) reports progress on one
recommendation: a narrative, the status it says the recommendation reached on one scale, and
evidence files (per compliance measure, or for the whole recommendation). A validator (program
staff or an expert on the team, never the agency side, never the report's own submitter)
accepts it, which moves the recommendation's status and marks the measures that have evidence
in the report as met, or returns it with comments. The submitter may withdraw it while it
waits. Reports and verdicts are never edited or deleted.

Each function runs in one transaction, writes one event on the engagement's timeline, and
raises `PermissionDenied` for who may not and `ValidationError` for bad input, writing nothing.
No email is sent (the outbox needs message templates seeded by a migration; not in this slice).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.documents.choices import TEAM_AND_AGENCY, DocumentKind
from continuum.documents.models import DocumentVersion
from continuum.documents.services import Upload, document_attach
from continuum.documents.validation import inspect_upload
from continuum.engagements.choices import OPEN_ENGAGEMENT_STATUSES
from continuum.engagements.models import Engagement

from ..choices import ImplementationState
from ..models import (
    ComplianceMeasure,
    ImplementationEvidence,
    ImplementationReport,
    Recommendation,
    RecommendationStatus,
    ScaleValue,
    StatusScale,
)
from ..policy import can_report_progress, can_validate
from .register import recommendation_status_set

#: One evidence file: (the compliance measure it proves, or None; the uploaded file; a note).
Evidence = tuple[ComplianceMeasure | None, Any, str]


def _require_open(engagement: Engagement) -> None:
    if engagement.status not in OPEN_ENGAGEMENT_STATUSES:
        raise ValidationError(
            _("This engagement has ended: progress can no longer be reported or validated.")
        )


def _check_value(engagement: Engagement, scale: Any, value: Any) -> None:
    if not isinstance(scale, StatusScale) or scale.engagement_id != engagement.pk:
        raise ValidationError({"scale": _("Choose a status scale of this register.")})
    if not isinstance(value, ScaleValue) or value.scale_id != scale.pk:
        raise ValidationError(
            {"proposed_value": _("Choose a status of the %(scale)s scale.") % {"scale": scale.name}}
        )


def _check_evidence(recommendation: Recommendation, evidence: Sequence[Evidence]) -> None:
    """Refuse a measure of another recommendation, a missing file or a file the documents app
    would refuse, before anything is written (the message names the file)."""
    for measure, upload_file, _note in evidence:
        if measure is not None and measure.recommendation_id != recommendation.pk:
            raise ValidationError(
                _("Evidence can only prove the compliance measures of recommendation %(label)s.")
                % {"label": recommendation.label}
            )
        if upload_file is None:
            raise ValidationError(_("Choose the evidence file to upload."))
        inspect_upload(upload_file)


def _attach_all(
    actor: Any, report: ImplementationReport, evidence: Sequence[Evidence]
) -> list[ImplementationEvidence]:
    """Attach each file to the recommendation and link it to the report. Files stored before a
    failure are removed again (the transaction removes the rows)."""
    stored: list[str] = []
    rows = []
    try:
        for measure, upload_file, note in evidence:
            document = document_attach(
                actor=actor,
                target=report.recommendation,
                upload=Upload(
                    file=upload_file, kind=DocumentKind.OTHER, visibility=int(TEAM_AND_AGENCY)
                ),
            )
            stored.extend(
                DocumentVersion.objects.filter(document=document).values_list("file", flat=True)
            )
            row = ImplementationEvidence(
                engagement=report.engagement,
                report=report,
                measure=measure,
                document=document,
                note=str(note or "").strip()[:300],
            )
            row.full_clean()
            row.save()
            rows.append(row)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return rows


@transaction.atomic
def progress_report_submit(
    *,
    actor: Any,
    recommendation: Recommendation,
    scale: StatusScale,
    proposed_value: ScaleValue,
    narrative: str,
    evidence: Iterable[Evidence] = (),
) -> ImplementationReport:
    """Report progress on `recommendation`: the status reached on `scale`, with evidence."""
    # One writer at a time per recommendation, so two reports cannot both be "the one waiting".
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("engagement__assistance_request", "finding")
        .get(pk=recommendation.pk)
    )
    engagement = recommendation.engagement
    if not can_report_progress(actor, engagement):
        raise PermissionDenied(_("You do not have permission to report progress here."))
    _require_open(engagement)
    _check_value(engagement, scale, proposed_value)
    narrative = str(narrative or "").strip()
    if not narrative:
        raise ValidationError({"narrative": _("Say what the agency has done.")})
    evidence = list(evidence)
    _check_evidence(recommendation, evidence)
    if ImplementationReport.objects.filter(
        recommendation=recommendation, scale=scale, state=ImplementationState.SUBMITTED
    ).exists():
        raise ValidationError(
            _(
                "A report on the %(scale)s status of %(label)s is already waiting for "
                "validation: wait for the verdict, or withdraw it first."
            )
            % {"scale": scale.name, "label": recommendation.label}
        )
    report = ImplementationReport(
        engagement=engagement,
        recommendation=recommendation,
        scale=scale,
        proposed_value=proposed_value,
        narrative=narrative,
        state=ImplementationState.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    files = _attach_all(actor, report, evidence)
    event_record(
        actor=actor,
        verb="implementation_reported",
        target=engagement,
        to_state=str(ImplementationState.SUBMITTED.label)[:40],
        note=_("%(label)s: %(value)s on the %(scale)s scale, %(n)s evidence file(s)")
        % {
            "label": recommendation.label,
            "value": proposed_value.label,
            "scale": scale.name,
            "n": len(files),
        },
        data=_event_data(report),
    )
    return report


def _event_data(report: ImplementationReport) -> dict[str, Any]:
    return {"recommendation": report.recommendation_id, "report": str(report.public_id)}


def _locked(report: ImplementationReport) -> ImplementationReport:
    return (
        ImplementationReport.objects.select_for_update(of=("self",))
        .select_related(
            "engagement__assistance_request",
            "recommendation__finding",
            "scale",
            "proposed_value__scale",
        )
        .get(pk=report.pk)
    )


def _require_validator(actor: Any, report: ImplementationReport) -> None:
    if not can_validate(actor, report.engagement):
        raise PermissionDenied(
            _("Only a validator (program staff or an expert on the team) can decide on a report.")
        )
    if report.submitted_by_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("You submitted this report: another validator must decide it."))


def _require_waiting(report: ImplementationReport) -> None:
    if report.state != ImplementationState.SUBMITTED:
        raise ValidationError(
            _("This report is no longer waiting for validation (it is “%(state)s”).")
            % {"state": report.get_state_display()}
        )


def _decide(
    report: ImplementationReport, actor: Any, state: ImplementationState, comment: str
) -> None:
    report.state = state
    report.decided_by = actor
    report.decided_at = timezone.now()
    report.verdict_comment = comment
    report.full_clean()
    report.save()


@transaction.atomic
def progress_report_accept(
    *, actor: Any, report: ImplementationReport, comment: str = ""
) -> ImplementationReport:
    """Accept: the recommendation moves to the proposed status on the report's scale, and each
    compliance measure with evidence in this report is met today (unless met already)."""
    report = _locked(report)
    _require_validator(actor, report)
    _require_waiting(report)
    recommendation = report.recommendation
    recommendation.engagement = report.engagement
    current = RecommendationStatus.objects.filter(
        recommendation=recommendation, scale=report.scale
    ).first()
    if current is None or current.value_id != report.proposed_value_id:
        recommendation_status_set(
            actor=actor,
            recommendation=recommendation,
            value=report.proposed_value,
            note=_("%(label)s: progress report accepted") % {"label": recommendation.label},
        )
    measure_ids = report.evidence.filter(measure__isnull=False).values("measure_id")
    ComplianceMeasure.objects.filter(
        pk__in=measure_ids, recommendation=recommendation, met_on__isnull=True
    ).update(met_on=timezone.localdate())
    _decide(report, actor, ImplementationState.ACCEPTED, str(comment or "").strip())
    event_record(
        actor=actor,
        verb="implementation_accepted",
        target=report.engagement,
        from_state=str(ImplementationState.SUBMITTED.label)[:40],
        to_state=str(ImplementationState.ACCEPTED.label)[:40],
        note=_("%(label)s: %(value)s on the %(scale)s scale")
        % {
            "label": recommendation.label,
            "value": report.proposed_value.label,
            "scale": report.scale.name,
        },
        data=_event_data(report),
    )
    return report


@transaction.atomic
def progress_report_return(
    *, actor: Any, report: ImplementationReport, comment: str
) -> ImplementationReport:
    """Return the report to the agency with comments; the status does not move."""
    report = _locked(report)
    _require_validator(actor, report)
    _require_waiting(report)
    comment = str(comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the agency needs to add or change.")})
    _decide(report, actor, ImplementationState.RETURNED, comment)
    event_record(
        actor=actor,
        verb="implementation_returned",
        target=report.engagement,
        from_state=str(ImplementationState.SUBMITTED.label)[:40],
        to_state=str(ImplementationState.RETURNED.label)[:40],
        note=_("%(label)s: returned with comments") % {"label": report.recommendation.label},
        data=_event_data(report),
    )
    return report


@transaction.atomic
def progress_report_withdraw(*, actor: Any, report: ImplementationReport) -> ImplementationReport:
    """The submitter takes back a report that is still waiting."""
    report = _locked(report)
    if report.submitted_by_id != getattr(actor, "pk", None) or not can_report_progress(
        actor, report.engagement
    ):
        raise PermissionDenied(_("Only the person who submitted a report can withdraw it."))
    _require_waiting(report)
    report.state = ImplementationState.WITHDRAWN
    report.full_clean()
    report.save()
    event_record(
        actor=actor,
        verb="implementation_withdrawn",
        target=report.engagement,
        from_state=str(ImplementationState.SUBMITTED.label)[:40],
        to_state=str(ImplementationState.WITHDRAWN.label)[:40],
        note=_("%(label)s: progress report withdrawn") % {"label": report.recommendation.label},
        data=_event_data(report),
    )
    return report
