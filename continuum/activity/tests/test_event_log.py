import pytest
from django.db import DatabaseError, transaction

from continuum.accounts.tests.factories import UserFactory
from continuum.activity.models import Event
from continuum.activity.selectors import timeline_for
from continuum.activity.services import event_record
from continuum.core.policy import Audience
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


def test_timeline_shows_each_audience_only_its_events():
    ticket = Ticket.objects.create(title="t")
    event_record(actor=None, verb="submitted", target=ticket, audiences=Audience.AGENCY)
    event_record(actor=None, verb="note", target=ticket, note="internal", internal=True)
    event_record(actor=None, verb="published", target=ticket, audiences=Audience.PUBLIC)
    other = Ticket.objects.create(title="other")
    event_record(actor=None, verb="submitted", target=other, audiences=Audience.AGENCY)

    def verbs(audience):
        return [e.verb for e in timeline_for(ticket, audience=audience)]

    assert verbs(Audience.AGENCY) == ["submitted"]
    assert verbs(Audience.PUBLIC) == ["published"]
    assert verbs(Audience.AGENCY | Audience.PUBLIC) == ["submitted", "published"]
    assert verbs(Audience.PROVIDER) == []
    assert verbs(Audience.NONE) == []
    assert verbs(Audience.everyone()) == ["submitted", "note", "published"]


def test_program_staff_are_always_in_an_events_audience():
    ticket = Ticket.objects.create(title="t")
    event = event_record(actor=None, verb="published", target=ticket, audiences=Audience.PUBLIC)
    assert event.shown_to(Audience.STAFF) and event.shown_to(Audience.PUBLIC)
    assert not event.internal


def test_a_model_without_a_policy_keeps_its_events_to_program_staff():
    ticket = Ticket.objects.create(title="t")
    event = event_record(actor=None, verb="created", target=ticket)
    assert event.audiences == Audience.STAFF and event.internal
    assert event.audience_labels == ["Program staff"]
