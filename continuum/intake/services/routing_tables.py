"""Versions of the routing table: copy one to edit it, then make a version the active one.

Administrators edit the rows of a version in the admin; a decision records the version it used,
so a version that has been used is best left as it was and copied instead.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

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
    "program",
    "reason",
)


def _require_administrator(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_superuser):
        raise TransitionForbidden("Only administrators can change routing tables.")


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
        internal=True,
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
        raise ValidationError("That routing table no longer exists.")
    if not target.rules.exists():
        raise ValidationError("A routing table with no rules cannot be made active.")
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
        internal=True,
        note=(
            f"Version {target.version} replaced version {previous.version}."
            if previous
            else f"Version {target.version} is active."
        ),
    )
    table.is_active = True
    return target
