import pytest
from django.db import DatabaseError, transaction

from continuum.accounts.tests.factories import UserFactory
from continuum.activity.models import Event
from continuum.activity.selectors import timeline_for
from continuum.activity.services import event_record
from tests.workflow_app.models import Ticket

pytestmark = pytest.mark.django_db


def test_event_record_keeps_who_what_and_the_target_as_it_read():
    actor = UserFactory()
    ticket = Ticket.objects.create(title="Original title")
    event = event_record(actor=actor, verb="created", target=ticket, note="hello")
    ticket.title = "Renamed"
    ticket.save()
    event.refresh_from_db()
    assert event.target == ticket
    assert event.target_repr == "Original title"
    assert event.actor == actor


def test_anonymous_actor_is_recorded_as_the_system():
    from django.contrib.auth.models import AnonymousUser

    ticket = Ticket.objects.create(title="t")
    assert event_record(actor=AnonymousUser(), verb="created", target=ticket).actor is None


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    ticket = Ticket.objects.create(title="t")
    event = event_record(actor=None, verb="created", target=ticket)
    event.note = "rewritten"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError, match="append-only"):
        Event.objects.all().delete()


def test_the_database_refuses_updates_even_from_raw_sql():
    from django.db import connection

    ticket = Ticket.objects.create(title="t")
    event = event_record(actor=None, verb="created", target=ticket)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE activity_event SET note = 'forged' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.note == ""


def test_timeline_hides_internal_events_from_outsiders():
    ticket = Ticket.objects.create(title="t")
    event_record(actor=None, verb="submitted", target=ticket)
    event_record(actor=None, verb="note", target=ticket, note="internal", internal=True)
    other = Ticket.objects.create(title="other")
    event_record(actor=None, verb="submitted", target=other)

    assert [e.verb for e in timeline_for(ticket, include_internal=False)] == ["submitted"]
    assert [e.verb for e in timeline_for(ticket, include_internal=True)] == ["submitted", "note"]
