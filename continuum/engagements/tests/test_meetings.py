"""Meetings: scheduling, changing and cancelling, with calendar invitations by email through the
outbox; the meetings section; and who may do what (404 for everyone else)."""

# ruff: noqa: F401, F811 (the `world` fixture is imported by name and used as an argument)

from email import message_from_bytes

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.activity.outbox.services import outbox_sweep
from continuum.core.workflow import TransitionError
from continuum.engagements.choices import MeetingKind
from continuum.engagements.models import Meeting
from continuum.engagements.services.meetings import (
    meeting_attendee_choices,
    meeting_cancel,
    meeting_schedule,
    meeting_update,
)
from continuum.engagements.tests.factories import MeetingFactory

from .test_meetings_world import NOW, at, world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine(NOW, tick=False),
]


def _schedule(world, **kwargs):
    values = {
        "actor": world.staff,
        "engagement": world.engagement,
        "kind": MeetingKind.MEETING,
        "title": "Kick-off meeting",
        "starts_at": at(10, 9),
        "ends_at": at(10, 10),
        "link": "https://meet.example.gov/kickoff",
        "attendees": [world.lead, world.member],
    }
    values.update(kwargs)
    return meeting_schedule(**values)


def _ics_of(message: OutboundMessage):
    (attachment,) = message.attachments
    return attachment, Calendar.from_ical(attachment["content"])


def _deliver_all():
    """Send every queued message now (as the worker would)."""
    OutboundMessage.objects.update(next_attempt_at="2026-12-01T00:00Z")
    return outbox_sweep(grace=__import__("datetime").timedelta(0))


# --- services ---------------------------------------------------------------------------------


def test_scheduling_invites_each_attendee_by_email_with_a_calendar_request(world):
    meeting = _schedule(world)
    assert meeting.sequence == 0 and meeting.organizer == world.staff
    messages = list(OutboundMessage.objects.filter(template_key="engagements.meeting_invitation"))
    assert sorted(m.recipients[0] for m in messages) == sorted(
        [world.lead.email, world.member.email]
    )
    message = next(m for m in messages if m.recipients == [world.member.email])
    assert message.subject.startswith("Invitation: Kick-off meeting, Thursday, December 10, 2026")
    assert "9 a.m. to 10 a.m. Eastern Time" in message.body
    assert "Hello Pat Rivera" in message.body
    assert world.engagement.get_absolute_url() in message.body
    attachment, calendar = _ics_of(message)
    assert attachment["filename"] == "invitation.ics"
    assert attachment["content_type"] == "text/calendar; method=REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.public_id}@continuum" and event["SEQUENCE"] == 0
    event_row = Event.objects.for_target(world.engagement).get(verb="meeting_scheduled")
    assert event_row.actor == world.staff and "Kick-off meeting" in event_row.note


def test_the_invitation_email_is_delivered_with_the_ics_attached(world):
    _schedule(world, attendees=[world.member])
    assert _deliver_all()["sent"] == 1
    (email,) = mail.outbox
    assert email.to == [world.member.email]
    parsed = message_from_bytes(email.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert calendar.walk("VEVENT")[0]["SUMMARY"] == "Kick-off meeting"


def test_a_change_raises_the_sequence_updates_the_attendees_and_cancels_for_the_one_taken_off(
    world,
):
    meeting = _schedule(world)
    OutboundMessage.objects.all().delete()
    meeting = meeting_update(
        actor=world.lead,
        meeting=meeting,
        kind=MeetingKind.MEETING,
        title="Kick-off meeting",
        starts_at=at(11, 13),
        ends_at=at(11, 14),
        link="https://meet.example.gov/kickoff",
        attendees=[world.lead, world.coordinator],
    )
    assert meeting.sequence == 1
    updates = OutboundMessage.objects.filter(template_key="engagements.meeting_update")
    assert sorted(m.recipients[0] for m in updates) == sorted(
        [world.lead.email, world.coordinator.email]
    )
    _attachment, calendar = _ics_of(updates[0])
    (event,) = calendar.walk("VEVENT")
    assert event["SEQUENCE"] == 1 and calendar["METHOD"] == "REQUEST"
    assert "DTSTART:20261211T180000Z" in calendar.to_ical().decode()
    (removed,) = OutboundMessage.objects.filter(template_key="engagements.meeting_cancelled")
    assert removed.recipients == [world.member.email]
    attachment, calendar = _ics_of(removed)
    assert attachment["content_type"] == "text/calendar; method=CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"{meeting.public_id}@continuum"
    assert "no longer invited" in removed.body
    assert Event.objects.for_target(world.engagement).filter(verb="meeting_updated").exists()


def test_saving_without_a_change_sends_nothing_and_keeps_the_sequence(world):
    meeting = _schedule(world)
    before = OutboundMessage.objects.count()
    same = meeting_update(
        actor=world.staff,
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        link=meeting.link,
        attendees=[world.lead, world.member],
    )
    assert same.sequence == 0 and OutboundMessage.objects.count() == before


def test_cancelling_sends_every_attendee_a_cancel_and_keeps_the_meeting(world):
    meeting = _schedule(world)
    OutboundMessage.objects.all().delete()
    meeting = meeting_cancel(actor=world.coordinator, meeting=meeting, reason="The chief is away.")
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    cancels = OutboundMessage.objects.filter(template_key="engagements.meeting_cancelled")
    assert sorted(m.recipients[0] for m in cancels) == sorted(
        [world.lead.email, world.member.email]
    )
    _attachment, calendar = _ics_of(cancels[0])
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert "The chief is away." in cancels[0].body
    with pytest.raises(ValidationError, match="cancelled"):
        meeting_cancel(actor=world.staff, meeting=meeting)
    with pytest.raises(ValidationError, match="cancelled"):
        meeting_update(
            actor=world.staff,
            meeting=meeting,
            kind=meeting.kind,
            title="Again",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            link=meeting.link,
            attendees=[world.lead],
        )


def test_inactive_accounts_get_no_email(world):
    world.member.is_active = False
    world.member.save()
    _schedule(world, attendees=[world.lead])
    assert [m.recipients for m in OutboundMessage.objects.all()] == [[world.lead.email]]


def test_attendees_are_the_team_and_the_agencys_verified_members_only(world):
    choices = set(meeting_attendee_choices(world.engagement))
    assert {world.lead, world.member} <= choices
    assert world.pending_member not in choices  # waiting for verification
    assert not choices & set(world.outsiders().values())
    for stranger in (world.pending_member, world.other_agency_member, world.outsider):
        with pytest.raises(ValidationError, match="cannot be invited"):
            _schedule(world, attendees=[world.lead, stranger])
    assert not Meeting.objects.exists() and not OutboundMessage.objects.exists()


def test_bad_schedules_are_refused_with_reasons_and_nothing_is_written(world):
    cases = [
        ({"attendees": []}, "at least one attendee"),
        ({"ends_at": at(10, 8)}, "end after it starts"),
        ({"starts_at": at(1, 9), "ends_at": at(1, 10)}, "has not passed"),
        ({"kind": MeetingKind.SITE_VISIT, "place": ""}, "place of the site visit"),
        ({"link": "", "place": ""}, "place or a video link"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            _schedule(world, **kwargs)
    assert not Meeting.objects.exists() and not OutboundMessage.objects.exists()
    assert not Event.objects.filter(verb="meeting_scheduled").exists()


def test_only_staff_and_the_working_side_schedule_and_not_on_an_ended_engagement(world):
    with pytest.raises(TransitionError):
        _schedule(world, actor=world.member)
    with pytest.raises(TransitionError):
        _schedule(world, actor=world.other_expert)
    meeting = _schedule(world, actor=world.lead)
    _schedule(world, actor=world.coordinator)
    with pytest.raises(TransitionError):
        meeting_cancel(actor=world.member, meeting=meeting)
    with pytest.raises(TransitionError):
        meeting_update(
            actor=world.other_provider_staff,
            meeting=meeting,
            kind=meeting.kind,
            title="Taken over",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            link=meeting.link,
            attendees=[world.lead],
        )
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None and meeting.title == "Kick-off meeting"
    type(world.engagement).objects.filter(pk=world.engagement.pk).update(status="closed")
    world.engagement.refresh_from_db()
    with pytest.raises(ValidationError, match="ended"):
        _schedule(world)


# --- pages ------------------------------------------------------------------------------------


def _form_data(world, **overrides):
    data = {
        "kind": "meeting",
        "title": "Kick-off meeting",
        "day": "12/10/2026",
        "starts": "9:30 a.m.",
        "ends": "11 am",
        "place": "",
        "link": "https://meet.example.gov/kickoff",
        "attendees": [world.lead.pk, world.member.pk],
    }
    data.update(overrides)
    return data


def test_scheduling_from_the_page(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    url = reverse("engagements:meeting_schedule", args=[world.engagement.public_id])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Eastern Time" in body and "Avery Lead" in body and "Pat Rivera" in body
    assert "Sam Pending" not in body
    response = client.post(url, _form_data(world))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == at(10, 9, 30) and meeting.ends_at == at(10, 11)
    assert set(meeting.attendees.all()) == {world.lead, world.member}
    assert OutboundMessage.objects.count() == 2


def test_the_page_shows_what_is_wrong_and_saves_nothing(client, world):
    client.force_login(world.staff)
    url = reverse("engagements:meeting_schedule", args=[world.engagement.public_id])
    cases = [
        ({"day": "13/45/2026"}, "Enter the date like this"),
        ({"starts": "25:99"}, "Enter the start time like this"),
        ({"ends": "9 am"}, "must end after it starts"),
        ({"attendees": []}, "Choose at least one attendee"),
        ({"attendees": [world.outsider.pk]}, "Choose attendees from the list"),
        ({"attendees": ["99999999999999999999999"]}, "Choose attendees from the list"),
        ({"kind": "site_visit"}, "Give the place of the site visit"),
        ({"link": "", "place": ""}, "Give a place or a video link"),
        ({"day": "12/01/2026"}, "has not passed"),
        # 2:30 a.m. on March 14, 2027 does not exist in New York (clocks move forward).
        ({"day": "3/14/2027", "starts": "2:30 am", "ends": "4 am"}, "clocks skip"),
    ]
    for overrides, message in cases:
        response = client.post(url, _form_data(world, **overrides))
        assert response.status_code == 400, overrides
        assert message in response.content.decode(), overrides
    assert not Meeting.objects.exists() and not OutboundMessage.objects.exists()


def test_changing_and_cancelling_from_the_pages(client, world):
    meeting = _schedule(world)
    client.force_login(world.lead)
    edit = reverse("engagements:meeting_edit", args=[meeting.public_id])
    page = client.get(edit)
    assert page.status_code == 200 and 'value="09:00"' in page.content.decode()
    response = client.post(
        edit, _form_data(world, title="Kick-off, moved", starts="1 pm", ends="2 pm")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Kick-off, moved" and meeting.sequence == 1
    assert meeting.starts_at == at(10, 13)
    cancel = reverse("engagements:meeting_cancel", args=[meeting.public_id])
    assert client.get(cancel).status_code == 200
    assert client.post(cancel, {"reason": "Moved to January."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 2
    # A cancelled meeting cannot be changed or cancelled again: back to the engagement.
    assert client.get(edit).status_code == 302
    assert client.post(cancel).status_code == 302


def test_the_section_lists_upcoming_and_past_meetings_for_everyone_who_sees_it(client, world):
    MeetingFactory(
        engagement=world.engagement,
        title="Coming kick-off",
        starts_at=at(10, 9),
        ends_at=at(10, 10),
    )
    MeetingFactory(
        engagement=world.engagement, title="Earlier call", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    url = world.engagement.get_absolute_url()
    for user, schedules in ((world.member, False), (world.lead, True), (world.staff, True)):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "Meetings and site visits" in body
        assert body.index("Coming kick-off") < body.index("Earlier call")
        assert ("Schedule a meeting or site visit" in body) is schedules
        assert ("Change “Coming kick-off”" in body) is schedules
        assert "Change “Earlier call”" not in body


def test_every_meeting_page_is_404_for_whoever_may_not_schedule(client, world):
    meeting = _schedule(world)
    urls = [
        reverse("engagements:meeting_schedule", args=[world.engagement.public_id]),
        reverse("engagements:meeting_edit", args=[meeting.public_id]),
        reverse("engagements:meeting_cancel", args=[meeting.public_id]),
    ]
    people = {**world.outsiders(), "the agency's member": world.member}
    for who, user in people.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, _form_data(world)).status_code == 404, (who, url)
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None and meeting.sequence == 0
    client.force_login(world.staff)
    assert client.get("/engagements/meetings/not-a-uuid/edit/").status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30 am", (9, 30)),
        ("9:30 a.m.", (9, 30)),
        ("9:30AM", (9, 30)),
        ("12 pm", (12, 0)),
        ("12 am", (0, 0)),
        ("2pm", (14, 0)),
        ("14:00", (14, 0)),
        ("0930", (9, 30)),
        ("noon", (12, 0)),
        ("13 pm", None),
        ("24:00", None),
        ("9:75", None),
        ("soon", None),
    ],
)
def test_times_are_read_as_people_write_them(text, expected):
    import datetime

    from continuum.engagements.forms.meetings import parse_time

    assert parse_time(text) == (datetime.time(*expected) if expected else None)


def test_times_are_said_in_eastern_time_across_days_and_seasons():
    from continuum.engagements.services.meetings import when_text

    assert when_text(at(10, 9), at(10, 12)) == (
        "Thursday, December 10, 2026, 9 a.m. to noon Eastern Time"
    )
    assert when_text(at(10, 9), at(11, 16, 30)) == (
        "Thursday, December 10, 2026, 9 a.m., to Friday, December 11, 2026, 4:30 p.m. Eastern Time"
    )
    # Summer time: 9 a.m. in New York is 13:00 UTC.
    import datetime

    summer = datetime.datetime(2027, 6, 1, 13, 0, tzinfo=datetime.UTC)
    assert when_text(summer, summer + datetime.timedelta(hours=1)).endswith(
        "9 a.m. to 10 a.m. Eastern Time"
    )


def test_the_section_costs_the_same_queries_however_many_meetings(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MeetingFactory(engagement=world.engagement).attendees.set([world.lead])
    client.force_login(world.lead)
    url = world.engagement.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(4, 20):
        MeetingFactory(
            engagement=world.engagement, starts_at=at(day, 9), ends_at=at(day, 10)
        ).attendees.set([world.lead, world.member])
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("Attendees:") == 17
