"""Versions of the routing table: copy one to edit it, then make a version the active one.

Administrators edit the rows of a version in the admin, which saves them through
`routing_table_save` and `routing_rules_save` (each leaves an event); a decision records the
version it used, so a version that has been used is best left as it was and copied instead.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden

from ..models import RoutingRule, RoutingTable

_RULE_FIELDS = (
    "priority",
    "name",
    "when_service",
    "when_not_sure",
    "when_incident_within_days",
    "when_concern_scope",
    "when_population_min",
    "when_population_max",
    "when_consultation",
    "program",
    "reason",
)


def _require_administrator(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_superuser):
        raise TransitionForbidden("Only administrators can change routing tables.")


@transaction.atomic
def routing_table_save(
    *, actor: Any, table: RoutingTable, changed: list[str], created: bool
) -> RoutingTable:
    """Save a version's own fields (number, note) as edited in the admin, with an event."""
    _require_administrator(actor)
    table.full_clean()
    table.save()
    event_record(
        actor=actor,
        verb="routing_table_created" if created else "routing_table_changed",
        target=table,
        note=f"Version {table.version}: " + (", ".join(changed) if changed else "no change"),
        data={"changed": list(changed)},
    )
    return table


@transaction.atomic
def routing_rules_save(*, actor: Any, table: RoutingTable, formset: Any) -> list[RoutingRule]:
    """Save the rules of `table` as edited in the admin's rule rows (a validated formset),
    with one event that names every rule added, changed and removed."""
    _require_administrator(actor)
    if any(form.instance.table_id not in (None, table.pk) for form in formset.forms):
        raise ValidationError(_("These rules belong to another routing table."))
    saved = formset.save()
    added = [str(rule) for rule in formset.new_objects]
    changed = [f"{rule} ({', '.join(fields)})" for rule, fields in formset.changed_objects]
    removed = [str(rule) for rule in formset.deleted_objects]
    if added or changed or removed:
        parts = [
            f"{label}: {'; '.join(names)}"
            for label, names in (("Added", added), ("Changed", changed), ("Removed", removed))
            if names
        ]
        event_record(
            actor=actor,
            verb="routing_rules_changed",
            target=table,
            note=". ".join(parts) + ".",
            data={"added": added, "changed": changed, "removed": removed},
        )
    return saved


@transaction.atomic
def routing_table_copy(*, actor: Any, table: RoutingTable, note: str = "") -> RoutingTable:
    """A new, inactive version with a copy of every rule of `table`."""
    _require_administrator(actor)
    # Lock the tables so two copies at once cannot take the same version number.
    list(RoutingTable.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    version = (RoutingTable.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = RoutingTable(
        version=version, is_active=False, note=note or f"Copy of version {table.version}."
    )
    copy.full_clean()
    copy.save()
    for rule in table.rules.prefetch_related("services").order_by("priority"):
        new_rule = RoutingRule(table=copy, **{f: getattr(rule, f) for f in _RULE_FIELDS})
        new_rule.full_clean()
        new_rule.save()
        new_rule.services.set(rule.services.all())
    event_record(
        actor=actor,
        verb="routing_table_copied",
        target=copy,
        note=f"Copied from version {table.version}.",
        data={"from_version": table.version},
    )
    return copy


@transaction.atomic
def routing_table_activate(*, actor: Any, table: RoutingTable) -> RoutingTable:
    """Make `table` the one active version (new recommendations use it)."""
    _require_administrator(actor)
    tables = list(RoutingTable.objects.select_for_update().order_by("pk"))
    target = next((t for t in tables if t.pk == table.pk), None)
    if target is None:
        raise ValidationError(_("That routing table no longer exists."))
    if not target.rules.exists():
        raise ValidationError(_("A routing table with no rules cannot be made active."))
    previous = next((t for t in tables if t.is_active), None)
    if previous is not None and previous.pk == target.pk:
        return target
    if previous is not None:
        previous.is_active = False
        previous.save(update_fields=["is_active", "updated_at"])
    target.is_active = True
    target.full_clean()
    target.save(update_fields=["is_active", "updated_at"])
    event_record(
        actor=actor,
        verb="routing_table_activated",
        target=target,
        note=(
            f"Version {target.version} replaced version {previous.version}."
            if previous
            else f"Version {target.version} is active."
        ),
    )
    table.is_active = True
    return target
