"""Importing a register from a file: upload, preview with column mapping, confirmation.

The upload is parsed once into a `RegisterImport` row (headers and cells as JSON, the owner,
the engagement, an expiry), never into the session. The preview checks every row against the
register as it stands (`importing.check_rows`); confirming checks again and then writes every
category, finding, recommendation, status and measure in one transaction, or nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.engagements.models import Engagement

from ..choices import IMPORT_LIFETIME_HOURS, IMPORT_MAX_BYTES
from ..importing import (
    FIELD_KEYS,
    ImportFileError,
    Issue,
    Plan,
    check_rows,
    guess_mapping,
    read_table,
)
from ..models import (
    Category,
    ComplianceMeasure,
    Finding,
    Recommendation,
    RecommendationStatus,
    RegisterImport,
)
from ..policy import can_validate
from .register import ensure_scales, require_edit, scales_of


@transaction.atomic
def register_import_start(
    *, actor: Any, engagement: Engagement, file_name: str, content: bytes
) -> RegisterImport:
    """Read an uploaded file into a pending import (nothing of the register changes)."""
    require_edit(actor, engagement)
    if len(content) > IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    try:
        headers, rows = read_table(file_name, content)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    now = timezone.now()
    RegisterImport.objects.filter(owner_id=actor.pk, expires_at__lt=now).delete()
    pending = RegisterImport(
        engagement=engagement,
        owner=actor,
        file_name=str(file_name)[:255],
        headers=[str(h) for h in headers],
        rows=rows,
        mapping=guess_mapping(headers),
        expires_at=now + datetime.timedelta(hours=IMPORT_LIFETIME_HOURS),
    )
    pending.full_clean()
    pending.save()
    return pending


def clean_mapping(pending: RegisterImport, mapping: dict[str, Any]) -> dict[str, int | None]:
    width = len(pending.headers)
    cleaned: dict[str, int | None] = {}
    for key in FIELD_KEYS:
        value = mapping.get(key)
        if value in (None, ""):
            cleaned[key] = None
            continue
        try:
            index = int(value)
        except (TypeError, ValueError) as error:
            raise ValidationError({key: _("Choose a column from the list.")}) from error
        if not 0 <= index < width:
            raise ValidationError({key: _("Choose a column from the list.")})
        cleaned[key] = index
    used = [i for i in cleaned.values() if i is not None]
    if len(used) != len(set(used)):
        raise ValidationError(_("Each column can fill only one field."))
    return cleaned


def register_import_check(
    *, pending: RegisterImport, mapping: dict[str, Any] | None = None, actor: Any = None
) -> Plan:
    """The validation report and plan for the pending import against the register now.

    With `actor`, a row that would set a status counting as done is a problem row unless the
    actor is a validator (only validators mark recommendations done)."""
    engagement = pending.engagement
    mapping = clean_mapping(pending, pending.mapping if mapping is None else mapping)
    existing_findings = dict(
        Finding.objects.filter(engagement=engagement).values_list("number", "category__number")
    )
    existing_labels = set(
        Recommendation.objects.filter(engagement=engagement).values_list(
            "finding__number", "number"
        )
    )
    existing_categories = {
        c.number: {"name": c.name, "first": c.first_finding, "last": c.last_finding, "pk": c.pk}
        for c in Category.objects.filter(engagement=engagement)
    }
    scales = scales_of(engagement)
    status_labels: dict[str, str] = {}
    done_keys: set[str] = set()
    if scales:
        values = [(v.key, v.label, v.counts_as_done) for v in scales[0].values.all()]
    else:  # the register's first scale will be the progress preset
        from ..models import ScaleValue

        values = list(
            ScaleValue.objects.filter(scale__engagement=None, scale__key="progress").values_list(
                "key", "label", "counts_as_done"
            )
        )
    for key, label, done in values:
        status_labels[label.lower()] = key
        status_labels[key.lower()] = key
        if done:
            done_keys.add(key)
    plan = check_rows(
        pending.rows,
        mapping,
        existing_findings=existing_findings,
        existing_labels=existing_labels,
        existing_categories=existing_categories,
        status_labels=status_labels,
    )
    if actor is not None and done_keys and not can_validate(actor, engagement):
        _refuse_done_rows(plan, done_keys)
    return plan


def _refuse_done_rows(plan: Plan, done_keys: set[str]) -> None:
    """Make each row that would mark a recommendation done a problem row."""
    for spec in plan.recommendations:
        if spec["status"] in done_keys:
            plan.issues.append(
                Issue(
                    spec["line"],
                    _(
                        "%(label)s: only a validator can mark a recommendation done. Leave the "
                        "status empty, or ask the lead expert or program staff to import the file."
                    )
                    % {"label": f"{spec['finding']}.{spec['number']}"},
                    True,
                )
            )


def _require_pending(actor: Any, pending: RegisterImport) -> None:
    if pending.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You do not have permission to do this."))
    require_edit(actor, pending.engagement)
    if pending.confirmed_at is not None:
        raise ValidationError(_("This import is done already."))
    if pending.expires_at <= timezone.now():
        raise ValidationError(_("This upload has expired: upload the file again."))


@transaction.atomic
def register_import_map(
    *, actor: Any, pending: RegisterImport, mapping: dict[str, Any]
) -> RegisterImport:
    """Keep the columns the user chose for each field."""
    row = RegisterImport.objects.select_for_update().select_related("engagement").get(pk=pending.pk)
    _require_pending(actor, row)
    row.mapping = clean_mapping(row, mapping)
    row.save(update_fields=["mapping"])
    return row


@transaction.atomic
def register_import_confirm(
    *, actor: Any, pending: RegisterImport, mapping: dict[str, Any] | None = None
) -> Plan:
    """Check again and write the whole file, or nothing (ValidationError with the errors)."""
    row = RegisterImport.objects.select_for_update().select_related("engagement").get(pk=pending.pk)
    _require_pending(actor, row)
    engagement = row.engagement
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if mapping is not None:
        row.mapping = clean_mapping(row, mapping)
    plan = register_import_check(pending=row, actor=actor)
    if plan.errors:
        raise ValidationError(
            [
                _("Row %(row)s: %(m)s") % {"row": i.row, "m": i.message} if i.row else i.message
                for i in plan.errors
            ]
        )
    if not plan.recommendations:
        raise ValidationError(_("The file has no recommendations to import."))

    scales = ensure_scales(actor, engagement)
    categories = {c.number: c for c in Category.objects.filter(engagement=engagement)}
    for number, spec in sorted(plan.categories.items()):
        category = categories.get(number)
        if category is None:
            category = Category(
                engagement=engagement,
                number=number,
                name=spec["name"],
                first_finding=spec.get("first"),
                last_finding=spec.get("last"),
            )
            category.full_clean()
            category.save()
            categories[number] = category
    findings = {f.number: f for f in Finding.objects.filter(engagement=engagement)}
    new_findings = []
    for number, spec in sorted(plan.findings.items()):
        if number in findings:
            continue
        category = categories.get(spec["category"]) if spec["category"] is not None else None
        finding = Finding(
            engagement=engagement, category=category, number=number, statement=spec["text"]
        )
        finding.clean_fields()
        new_findings.append(finding)
    for finding in Finding.objects.bulk_create(new_findings):
        findings[finding.number] = finding
    if any(f.pk is None for f in findings.values()):  # backends that return no ids
        findings = {f.number: f for f in Finding.objects.filter(engagement=engagement)}

    recommendations = []
    for spec in plan.recommendations:
        recommendation = Recommendation(
            engagement=engagement,
            finding=findings[spec["finding"]],
            number=spec["number"],
            text=spec["text"],
            concept=spec["concept"],
            priority=spec["priority"],
            phase=spec["phase"],
            responsible_unit=spec["responsible_unit"],
            executive_sponsor=spec["executive_sponsor"],
            manager=spec["manager"],
            case_manager=spec["case_manager"],
            target_on=datetime.date.fromisoformat(spec["target_on"]) if spec["target_on"] else None,
            source_note=spec["source_note"],
        )
        try:
            recommendation.clean_fields()
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(m)s") % {"row": spec["line"], "m": " ".join(error.messages)}
            ) from error
        recommendations.append(recommendation)
    Recommendation.objects.bulk_create(recommendations)
    saved = {
        (r.finding.number, r.number): r
        for r in Recommendation.objects.filter(engagement=engagement).select_related("finding")
    }
    statuses, measures = [], []
    for spec in plan.recommendations:
        recommendation = saved[(spec["finding"], spec["number"])]
        for index, scale in enumerate(scales):
            values = list(scale.values.all())
            value = values[0]
            if index == 0 and spec["status"]:
                value = next((v for v in values if v.key == spec["status"]), value)
            statuses.append(
                RecommendationStatus(
                    engagement=engagement,
                    recommendation=recommendation,
                    scale=scale,
                    value=value,
                    set_by=actor,
                )
            )
        for order, text in enumerate(spec["measures"], start=1):
            measures.append(
                ComplianceMeasure(
                    engagement=engagement, recommendation=recommendation, order=order, text=text
                )
            )
    RecommendationStatus.objects.bulk_create(statuses)
    ComplianceMeasure.objects.bulk_create(measures)
    row.confirmed_at = timezone.now()
    row.save(update_fields=["mapping", "confirmed_at"])
    event_record(
        actor=actor,
        verb="register_imported",
        target=engagement,
        note=_("%(recs)s recommendations under %(findings)s findings from %(file)s")
        % {"recs": len(recommendations), "findings": len(new_findings), "file": row.file_name},
        data={
            "import": str(row.public_id),
            "recommendations": len(recommendations),
            "findings": len(new_findings),
            "warnings": len(plan.warnings),
        },
    )
    return plan
