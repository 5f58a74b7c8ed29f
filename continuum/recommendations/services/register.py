"""Writes to an engagement's register by hand: scales, categories, findings, recommendations,
statuses, compliance measures, dependencies and external blockers.

Program staff and the working side may (`can_edit_register`); anyone else gets
`PermissionDenied`. Bad input raises `ValidationError` and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from continuum.activity.services import event_record
from continuum.engagements.models import Engagement

from ..models import (
    Category,
    ComplianceMeasure,
    Dependency,
    ExternalBlocker,
    Finding,
    Recommendation,
    RecommendationStatus,
    ScaleValue,
    StatusScale,
)
from ..policy import can_edit_register, can_validate

DEFAULT_SCALES = ("progress",)
#: Why a status that counts as done is refused to whoever is not a validator.
DONE_IS_VALIDATED = _lazy(
    "Only a validator can mark a recommendation done: the agency reports progress with "
    "evidence and a validator accepts it."
)


def require_edit(actor: Any, engagement: Engagement) -> None:
    if not can_edit_register(actor, engagement):
        raise PermissionDenied(_("You do not have permission to change this register."))


def scales_of(engagement: Engagement) -> list[StatusScale]:
    return list(
        StatusScale.objects.filter(engagement=engagement)
        .prefetch_related("values")
        .order_by("order", "pk")
    )


def _copy_preset(engagement: Engagement, preset: StatusScale) -> StatusScale:
    scale = StatusScale.objects.create(
        engagement=engagement,
        key=preset.key,
        name=preset.name,
        description=preset.description,
        order=preset.order,
    )
    ScaleValue.objects.bulk_create(
        ScaleValue(
            scale=scale,
            key=value.key,
            label=value.label,
            order=value.order,
            counts_as_done=value.counts_as_done,
            excluded_from_denominator=value.excluded_from_denominator,
        )
        for value in preset.values.order_by("order", "pk")
    )
    return scale


@transaction.atomic
def register_setup(
    *, actor: Any, engagement: Engagement, scale_keys: Iterable[str] = DEFAULT_SCALES
) -> list[StatusScale]:
    """Copy the chosen preset scales to the engagement (those it has already are kept)."""
    require_edit(actor, engagement)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    keys = list(dict.fromkeys(scale_keys))
    if not keys:
        raise ValidationError({"scales": _("Choose at least one status scale.")})
    presets = {s.key: s for s in StatusScale.objects.filter(engagement=None, key__in=keys)}
    unknown = [k for k in keys if k not in presets]
    if unknown:
        raise ValidationError({"scales": _("Choose the scales from the list.")})
    have = set(StatusScale.objects.filter(engagement=engagement).values_list("key", flat=True))
    added = [_copy_preset(engagement, presets[k]) for k in keys if k not in have]
    if added:
        first_values = {scale.pk: scale.values.order_by("order", "pk").first() for scale in added}
        RecommendationStatus.objects.bulk_create(
            RecommendationStatus(
                engagement=engagement,
                recommendation_id=rec_id,
                scale=scale,
                value=first_values[scale.pk],
            )
            for rec_id in Recommendation.objects.filter(engagement=engagement).values_list(
                "pk", flat=True
            )
            for scale in added
        )
        event_record(
            actor=actor,
            verb="register_scales_added",
            target=engagement,
            note=", ".join(s.name for s in added),
            data={"scales": [s.key for s in added]},
        )
    return scales_of(engagement)


def ensure_scales(actor: Any, engagement: Engagement) -> list[StatusScale]:
    scales = scales_of(engagement)
    return scales or register_setup(actor=actor, engagement=engagement)


@transaction.atomic
def category_add(
    *,
    actor: Any,
    engagement: Engagement,
    number: int,
    name: str,
    first_finding: int | None = None,
    last_finding: int | None = None,
) -> Category:
    require_edit(actor, engagement)
    category = Category(
        engagement=engagement,
        number=number,
        name=str(name or "").strip(),
        first_finding=first_finding,
        last_finding=last_finding,
    )
    if Category.objects.filter(engagement=engagement, number=number).exists():
        raise ValidationError(
            {"number": _("This register already has a category %(n)s.") % {"n": number}}
        )
    category.full_clean()
    _check_range(engagement, category)
    category.save()
    event_record(
        actor=actor,
        verb="register_category_added",
        target=engagement,
        note=category.name,
        data={"category": category.pk},
    )
    return category


def _check_range(engagement: Engagement, category: Category) -> None:
    if category.first_finding is None or category.last_finding is None:
        return
    for other in Category.objects.filter(engagement=engagement).exclude(pk=category.pk):
        if other.first_finding is None or other.last_finding is None:
            continue
        if (
            category.first_finding <= other.last_finding
            and other.first_finding <= category.last_finding
        ):
            raise ValidationError(
                {
                    "first_finding": _(
                        "Findings %(first)s to %(last)s belong to %(other)s already."
                    )
                    % {
                        "first": other.first_finding,
                        "last": other.last_finding,
                        "other": other.name,
                    }
                }
            )


@transaction.atomic
def finding_add(
    *,
    actor: Any,
    engagement: Engagement,
    number: int,
    statement: str,
    detail: str = "",
    category: Category | None = None,
) -> Finding:
    require_edit(actor, engagement)
    if Finding.objects.filter(engagement=engagement, number=number).exists():
        raise ValidationError(
            {"number": _("Finding %(n)s is in the register already.") % {"n": number}}
        )
    if category is None:
        category = next(
            (
                c
                for c in Category.objects.filter(engagement=engagement)
                if c.first_finding is not None and c.holds(number)
            ),
            None,
        )
    else:
        for other in Category.objects.filter(engagement=engagement).exclude(pk=category.pk):
            if (
                other.first_finding is not None
                and other.last_finding is not None
                and other.holds(number)
            ):
                raise ValidationError(
                    {
                        "number": _(
                            "Finding %(n)s lies in %(other)s's range (%(first)s to %(last)s)."
                        )
                        % {
                            "n": number,
                            "other": other.name,
                            "first": other.first_finding,
                            "last": other.last_finding,
                        }
                    }
                )
    finding = Finding(
        engagement=engagement,
        category=category,
        number=number,
        statement=str(statement or "").strip(),
        detail=str(detail or "").strip(),
    )
    finding.full_clean()
    finding.save()
    event_record(
        actor=actor,
        verb="register_finding_added",
        target=engagement,
        note=_("Finding %(n)s") % {"n": number},
        data={"finding": finding.pk},
    )
    return finding


RECOMMENDATION_FIELDS = (
    "text",
    "concept",
    "priority",
    "phase",
    "responsible_unit",
    "executive_sponsor",
    "manager",
    "case_manager",
    "target_on",
)


@transaction.atomic
def recommendation_add(
    *,
    actor: Any,
    finding: Finding,
    number: int,
    text: str,
    goals: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    **fields: Any,
) -> Recommendation:
    """Add recommendation N.M under finding N, at the first value of each of the scales."""
    engagement = finding.engagement
    require_edit(actor, engagement)
    unknown = set(fields) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if Recommendation.objects.filter(finding=finding, number=number).exists():
        raise ValidationError(
            {
                "number": _("Recommendation %(n)s.%(m)s is in the register already.")
                % {"n": finding.number, "m": number}
            }
        )
    recommendation = Recommendation(
        engagement=engagement,
        finding=finding,
        number=number,
        text=str(text or "").strip(),
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
    )
    recommendation.full_clean()
    # The scales first: setting them up gives every recommendation already there its statuses.
    scales = ensure_scales(actor, engagement)
    recommendation.save()
    recommendation.goals.set(list(goals))
    recommendation.topics.set(list(topics))
    RecommendationStatus.objects.bulk_create(
        RecommendationStatus(
            engagement=engagement,
            recommendation=recommendation,
            scale=scale,
            value=scale.values.all()[0],
        )
        for scale in scales
    )
    event_record(
        actor=actor,
        verb="register_recommendation_added",
        target=engagement,
        note=_("Recommendation %(label)s") % {"label": recommendation.label},
        data={"recommendation": recommendation.pk},
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    actor: Any,
    recommendation: Recommendation,
    goals: Iterable[Any] | None = None,
    topics: Iterable[Any] | None = None,
    **fields: Any,
) -> Recommendation:
    """Change a recommendation's text, tags, owner chain or target date."""
    row = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("engagement", "finding")
        .get(pk=recommendation.pk)
    )
    require_edit(actor, row.engagement)
    unknown = set(fields) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    for name, chosen in (("goals", goals), ("topics", topics)):
        if chosen is None:
            continue
        chosen = list(chosen)
        if {o.pk for o in chosen} != set(getattr(row, name).values_list("pk", flat=True)):
            getattr(row, name).set(chosen)
            changed.append(name)
    if not changed:
        return row
    row.full_clean()
    row.save()
    event_record(
        actor=actor,
        verb="register_recommendation_updated",
        target=row.engagement,
        note=_("Recommendation %(label)s") % {"label": row.label},
        data={"recommendation": row.pk, "fields": changed},
    )
    return row


@transaction.atomic
def recommendation_status_set(
    *, actor: Any, recommendation: Recommendation, value: ScaleValue, note: str = ""
) -> RecommendationStatus:
    """Put a recommendation at `value` on that value's scale (one of its engagement's).

    A value that counts as done is a validator's alone (`can_validate`): the agency reports
    progress with evidence and a validator accepts it (`services.implementation`)."""
    engagement = recommendation.engagement
    require_edit(actor, engagement)
    if value.scale.engagement_id != engagement.pk:
        raise ValidationError({"value": _("Choose a value of this register's scales.")})
    if value.counts_as_done and not can_validate(actor, engagement):
        raise PermissionDenied(DONE_IS_VALIDATED)
    current = (
        RecommendationStatus.objects.select_for_update()
        .select_related("value")
        .filter(recommendation=recommendation, scale=value.scale)
        .first()
    )
    before = current.value.label if current else ""
    if current is None:
        current = RecommendationStatus(
            engagement=engagement, recommendation=recommendation, scale=value.scale, value=value
        )
    elif current.value_id == value.pk:
        raise ValidationError({"value": _("The recommendation is at this value already.")})
    current.value = value
    current.set_by = actor if getattr(actor, "is_authenticated", False) else None
    current.save()
    event_record(
        actor=actor,
        verb="register_status_set",
        target=engagement,
        from_state=before[:40],
        to_state=value.label[:40],
        note=str(note or "").strip()
        or _("%(label)s on the %(scale)s scale")
        % {"label": recommendation.label, "scale": value.scale.name},
        data={"recommendation": recommendation.pk, "scale": value.scale.key, "value": value.key},
    )
    return current


@transaction.atomic
def measure_add(*, actor: Any, recommendation: Recommendation, text: str) -> ComplianceMeasure:
    require_edit(actor, recommendation.engagement)
    order = recommendation.measures.count() + 1
    measure = ComplianceMeasure(
        engagement=recommendation.engagement,
        recommendation=recommendation,
        order=order,
        text=str(text or "").strip(),
    )
    measure.full_clean()
    measure.save()
    event_record(
        actor=actor,
        verb="register_measure_added",
        target=recommendation.engagement,
        note=_("Recommendation %(label)s") % {"label": recommendation.label},
        data={"recommendation": recommendation.pk, "measure": measure.pk},
    )
    return measure


def _reaches(start: int, goal: int, edges: dict[int, list[int]]) -> bool:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))
    return False


@transaction.atomic
def dependency_add(*, actor: Any, blocker: Recommendation, blocked: Recommendation) -> Dependency:
    """`blocker` blocks `blocked`; refused when it would close a cycle."""
    engagement = blocked.engagement
    require_edit(actor, engagement)
    # One writer at a time per register, so two dependencies cannot close a cycle together.
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if blocker.engagement_id != engagement.pk:
        raise ValidationError({"blocker": _("Choose a recommendation of this register.")})
    if blocker.pk == blocked.pk:
        raise ValidationError({"blocker": _("A recommendation cannot block itself.")})
    if Dependency.objects.filter(blocker=blocker, blocked=blocked).exists():
        raise ValidationError(
            {"blocker": _("%(a)s blocks %(b)s already.") % {"a": blocker.label, "b": blocked.label}}
        )
    edges: dict[int, list[int]] = {}
    for a, b in Dependency.objects.filter(engagement=engagement).values_list(
        "blocker_id", "blocked_id"
    ):
        edges.setdefault(a, []).append(b)
    if _reaches(blocked.pk, blocker.pk, edges):
        raise ValidationError(
            {
                "blocker": _(
                    "%(b)s already blocks %(a)s (directly or through others): this would make a "
                    "circle where neither could ever be done."
                )
                % {"a": blocker.label, "b": blocked.label}
            }
        )
    dependency = Dependency(engagement=engagement, blocker=blocker, blocked=blocked)
    dependency.full_clean()
    dependency.save()
    event_record(
        actor=actor,
        verb="register_dependency_added",
        target=engagement,
        note=_("%(a)s blocks %(b)s") % {"a": blocker.label, "b": blocked.label},
        data={"blocker": blocker.pk, "blocked": blocked.pk},
    )
    return dependency


@transaction.atomic
def blocker_add(
    *,
    actor: Any,
    recommendation: Recommendation,
    party_kind: str,
    party_name: str,
    since: datetime.date,
    description: str = "",
) -> ExternalBlocker:
    require_edit(actor, recommendation.engagement)
    if isinstance(since, datetime.date) and since > timezone.localdate():
        raise ValidationError({"since": _("The date it began cannot be in the future.")})
    blocker = ExternalBlocker(
        engagement=recommendation.engagement,
        recommendation=recommendation,
        party_kind=party_kind,
        party_name=str(party_name or "").strip(),
        since=since,
        description=str(description or "").strip(),
    )
    blocker.full_clean()
    blocker.save()
    event_record(
        actor=actor,
        verb="register_blocker_added",
        target=recommendation.engagement,
        note=_("%(label)s waits on %(party)s")
        % {"label": recommendation.label, "party": blocker.party_name},
        data={"recommendation": recommendation.pk, "blocker": blocker.pk},
    )
    return blocker


@transaction.atomic
def blocker_clear(
    *, actor: Any, blocker: ExternalBlocker, cleared_on: datetime.date
) -> ExternalBlocker:
    row = (
        ExternalBlocker.objects.select_for_update(of=("self",))
        .select_related("engagement", "recommendation__finding")
        .get(pk=blocker.pk)
    )
    require_edit(actor, row.engagement)
    if row.cleared_on is not None:
        raise ValidationError(_("This blocker is cleared already."))
    if isinstance(cleared_on, datetime.date) and cleared_on > timezone.localdate():
        raise ValidationError({"cleared_on": _("The date it cleared cannot be in the future.")})
    row.cleared_on = cleared_on
    row.full_clean()
    row.save()
    event_record(
        actor=actor,
        verb="register_blocker_cleared",
        target=row.engagement,
        note=_("%(label)s no longer waits on %(party)s")
        % {"label": row.recommendation.label, "party": row.party_name},
        data={"recommendation": row.recommendation_id, "blocker": row.pk},
    )
    return row
