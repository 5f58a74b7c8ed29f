"""The workflow engine, on a tiny model installed only for tests (tests/workflow_app)."""

import pytest

from continuum.accounts.tests.factories import ProgramStaffFactory, UserFactory
from continuum.activity.models import Event
from continuum.core.workflow import (
    StateMachine,
    Transition,
    TransitionForbidden,
    TransitionNotAllowed,
)
from tests.workflow_app.models import Ticket

S = Ticket.Status


def staff_only(user, obj):
    return bool(user.is_program_staff)


def not_locked(obj):
    return f"It is locked: {obj.locked_reason}." if obj.locked_reason else None


def make_machine():
    return StateMachine(
        name="test-ticket",
        model=Ticket,
        field="status",
        transitions=[
            Transition(S.OPEN, "close", S.CLOSED, permission=staff_only, guard=not_locked),
            Transition(S.CLOSED, "reopen", S.OPEN),
            Transition(S.CLOSED, "archive", S.ARCHIVED, permission=staff_only, verb="archived"),
        ],
    )


pytestmark = pytest.mark.django_db


def test_apply_changes_state_and_records_one_event():
    machine = make_machine()
    staff = ProgramStaffFactory()
    ticket = Ticket.objects.create(title="Broken radio")

    machine.apply(actor=staff, obj=ticket, action="close", note="Fixed on site")

    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED
    (event,) = Event.objects.for_target(ticket)
    assert (event.actor, event.verb, event.from_state, event.to_state, event.note) == (
        staff,
        "close",
        S.OPEN,
        S.CLOSED,
        "Fixed on site",
    )


def test_caller_instance_is_kept_in_step():
    ticket = Ticket.objects.create(title="t")
    make_machine().apply(actor=ProgramStaffFactory(), obj=ticket, action="close")
    assert ticket.status == S.CLOSED


def test_unknown_action_for_state_is_refused_and_changes_nothing():
    ticket = Ticket.objects.create(title="t")
    with pytest.raises(TransitionNotAllowed, match="it is open"):
        make_machine().apply(actor=ProgramStaffFactory(), obj=ticket, action="archive")
    ticket.refresh_from_db()
    assert ticket.status == S.OPEN
    assert not Event.objects.for_target(ticket).exists()


def test_permission_is_checked():
    ticket = Ticket.objects.create(title="t")
    with pytest.raises(TransitionForbidden):
        make_machine().apply(actor=UserFactory(), obj=ticket, action="close")
    ticket.refresh_from_db()
    assert ticket.status == S.OPEN


def test_guard_is_checked_against_the_locked_row_not_the_stale_instance():
    ticket = Ticket.objects.create(title="t")
    stale = Ticket.objects.get(pk=ticket.pk)
    Ticket.objects.filter(pk=ticket.pk).update(locked_reason="under audit")
    with pytest.raises(TransitionNotAllowed, match="under audit"):
        make_machine().apply(actor=ProgramStaffFactory(), obj=stale, action="close")


def test_state_already_moved_by_someone_else_is_refused():
    machine = make_machine()
    staff = ProgramStaffFactory()
    ticket = Ticket.objects.create(title="t")
    first_tab = Ticket.objects.get(pk=ticket.pk)
    second_tab = Ticket.objects.get(pk=ticket.pk)
    machine.apply(actor=staff, obj=first_tab, action="close")
    machine.apply(actor=staff, obj=first_tab, action="reopen")
    machine.apply(actor=staff, obj=first_tab, action="close")
    machine.apply(actor=staff, obj=first_tab, action="archive")
    with pytest.raises(TransitionNotAllowed):
        machine.apply(actor=staff, obj=second_tab, action="close")
    assert Event.objects.for_target(ticket).count() == 4


def test_available_lists_only_permitted_unguarded_actions():
    machine = make_machine()
    ticket = Ticket.objects.create(title="t")
    assert [t.action for t in machine.available(ProgramStaffFactory(), ticket)] == ["close"]
    assert machine.available(UserFactory(), ticket) == []
    assert machine.can(ProgramStaffFactory(), ticket, "close")
    assert not machine.can(ProgramStaffFactory(), ticket, "reopen")


def test_custom_verb_and_before_save_hook():
    machine = make_machine()
    staff = ProgramStaffFactory()
    ticket = Ticket.objects.create(title="t")
    machine.apply(actor=staff, obj=ticket, action="close")

    def stamp(row):
        row.title = "archived ticket"

    machine.apply(actor=staff, obj=ticket, action="archive", before_save=stamp)
    ticket.refresh_from_db()
    assert ticket.title == "archived ticket"
    assert Event.objects.for_target(ticket).last().verb == "archived"


def test_table_rejects_duplicates_and_unknown_states():
    with pytest.raises(ValueError, match="duplicate"):
        StateMachine(
            name="dup",
            model=Ticket,
            field="status",
            transitions=[
                Transition(S.OPEN, "close", S.CLOSED),
                Transition(S.OPEN, "close", S.OPEN),
            ],
        )
    with pytest.raises(ValueError, match="does not allow"):
        StateMachine(
            name="bad",
            model=Ticket,
            field="status",
            transitions=[Transition(S.OPEN, "close", "nowhere")],
        )
