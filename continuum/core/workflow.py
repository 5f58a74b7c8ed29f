"""The workflow engine: one declared transition table per state machine.

A machine names the model's status field and lists its transitions: (source state, action) →
target state, with a permission (who may) and a guard (when the object allows it). The only way
to change the status is `StateMachine.apply`, which locks the row, checks permission and guard
together against the locked row, assigns the new state, saves, and writes an event in the same
transaction. A test walks the source tree and fails if anything else assigns a status field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

Permission = Callable[[Any, Any], bool]
Guard = Callable[[Any], str | None]


class TransitionError(Exception):
    """A transition that cannot happen; its message is safe to show to the person who asked."""


class TransitionNotAllowed(TransitionError):
    pass


class TransitionForbidden(TransitionError):
    pass


def always(user: Any, obj: Any) -> bool:
    return True


def no_guard(obj: Any) -> str | None:
    return None


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    permission: Permission = always
    guard: Guard = no_guard
    label: str = ""
    #: Event verb; defaults to the action.
    verb: str = ""

    @property
    def event_verb(self) -> str:
        return self.verb or self.action


@dataclass
class StateMachine:
    name: str
    model: type[models.Model]
    field: str
    transitions: Iterable[Transition]
    _table: dict[tuple[str, str], Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.transitions = tuple(self.transitions)
        self._table = {}
        choices = {value for value, _ in self.model._meta.get_field(self.field).choices or []}
        for t in self.transitions:
            key = (t.source, t.action)
            if key in self._table:
                raise ValueError(f"{self.name}: duplicate transition {key}")
            if choices and not {t.source, t.target} <= choices:
                raise ValueError(f"{self.name}: {t} uses a state the field does not allow")
            self._table[key] = t
        _REGISTRY[self.name] = self

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.field)

    def transition_for(self, state: str, action: str) -> Transition | None:
        return self._table.get((state, action))

    def actions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def available(self, user: Any, obj: Any) -> list[Transition]:
        """The transitions this user may take on this object now (for buttons and API hints)."""
        return [
            t
            for t in self.actions_from(self.state_of(obj))
            if t.permission(user, obj) and t.guard(obj) is None
        ]

    def can(self, user: Any, obj: Any, action: str) -> bool:
        t = self.transition_for(self.state_of(obj), action)
        return bool(t and t.permission(user, obj) and t.guard(obj) is None)

    def apply(
        self,
        *,
        actor: Any,
        obj: models.Model,
        action: str,
        note: str = "",
        internal: bool = False,
        before_save: Callable[[Any], None] | None = None,
    ) -> models.Model:
        """Take `action` on `obj` for `actor`; return the locked, updated row.

        `before_save` may set other fields of the locked row that belong to this step (a decision
        reason, say); it runs after the checks and before the save, inside the transaction.
        """
        from continuum.activity.services import event_record

        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            state = self.state_of(locked)
            t = self.transition_for(state, action)
            if t is None:
                raise TransitionNotAllowed(
                    f"This can't be done now: it is {self._label(state).lower()}."
                )
            if not t.permission(actor, locked):
                raise TransitionForbidden("You do not have permission to do this.")
            reason = t.guard(locked)
            if reason:
                raise TransitionNotAllowed(reason)
            setattr(locked, self.field, t.target)
            if before_save:
                before_save(locked)
            locked.full_clean()
            locked.save()
            event_record(
                actor=actor,
                verb=t.event_verb,
                target=locked,
                from_state=state,
                to_state=t.target,
                note=note,
                internal=internal,
            )
        # Keep the caller's instance in step with the database.
        for f in locked._meta.concrete_fields:
            setattr(obj, f.attname, getattr(locked, f.attname))
        return locked

    def _label(self, state: str) -> str:
        return dict(self.model._meta.get_field(self.field).choices or []).get(state, state)


_REGISTRY: dict[str, StateMachine] = {}


def registered_machines() -> dict[str, StateMachine]:
    return dict(_REGISTRY)
