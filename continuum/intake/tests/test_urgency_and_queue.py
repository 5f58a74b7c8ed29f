"""Issue 7 §2 and §4: urgent critical-incident requests (pinned, flagged, shorter target,
on-call alert, Response Center on the confirmation) and a queue staff can read (saved views,
decisions confirmed on a second step, the decided page opening with its decision)."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.intake import selectors, sla
from continuum.intake.choices import RequestStatus as S
from continuum.intake.models import OnCallShift, ResponseCenter, SavedQueueView
from continuum.intake.selectors import on_call_staff
from continuum.intake.services.saved_views import saved_view_create, saved_view_query

from .domain_fixtures import agency_a, agency_b, requester_a, staff
from .factories import RawSubmittedRequestFactory, program, service, submitted_request

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

QUEUE = reverse("intake:triage_queue")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _raw(**kwargs):
    kwargs.setdefault("submitted_at", timezone.now())
    return RawSubmittedRequestFactory(**kwargs)


def _incident(**kwargs):
    return {
        "has_critical_incident": True,
        "incident_date": timezone.localdate() - datetime.timedelta(days=3),
        "incident_kind": "officer_involved_shooting",
        **kwargs,
    }


# --- pinned, flagged, shorter target ---------------------------------------------------------


def test_critical_incidents_are_pinned_above_every_page_with_their_shorter_target(
    staff_client, agency_a
):
    urgent = _raw(agency=agency_a, **_incident(wants_immediate_consultation=True))
    for _ in range(30):  # more than a page of ordinary requests, all newer
        _raw(agency=agency_a)
    decided = _raw(agency=agency_a, status=S.DECLINED, **_incident())

    first = staff_client.get(QUEUE)
    second = staff_client.get(QUEUE, {"cursor": first.context["cursor_next"]})
    for response in (first, second):
        pinned = [row.request for row in response.context["pinned_rows"]]
        assert pinned == [urgent]
        assert urgent not in [row.request for row in response.context["rows"]]
    # The pages hold the 30 ordinary requests once each: the pinned one is not listed twice.
    assert (len(first.context["rows"]), len(second.context["rows"])) == (25, 5)
    html = second.content.decode()
    pinned_table = html.split('id="pinned-requests"')[1].split("</table>")[0]
    assert urgent.tracking_number in pinned_table
    assert "Critical incident" in pinned_table and "#priority_high" in pinned_table  # text + icon
    assert "Immediate consultation asked" in pinned_table
    assert "(target 1)" in pinned_table
    assert decided.tracking_number not in html  # closed: not pinned, not listed by default


def test_a_critical_incident_is_past_its_target_a_day_sooner(staff_client, agency_a):
    day = sla.nth_business_day_back(timezone.localdate(), 3)  # 2 business days ago
    two_days = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    ordinary = _raw(agency=agency_a, submitted_at=two_days)
    urgent = _raw(agency=agency_a, submitted_at=two_days, **_incident())
    now = timezone.now()
    assert sla.request_age_business_days(ordinary, now) == 2
    assert not sla.is_overdue(ordinary, now) and sla.is_overdue(urgent, now)
    response = staff_client.get(QUEUE, {"age": "overdue"})
    assert [row.request for row in response.context["pinned_rows"]] == [urgent]
    assert response.context["counts"]["overdue"] == 1


def test_the_filter_still_applies_to_pinned_requests(staff_client, agency_a, agency_b):
    here = _raw(agency=agency_a, **_incident())
    _raw(agency=agency_b, **_incident())
    response = staff_client.get(QUEUE, {"state": "VA"})
    assert [row.request for row in response.context["pinned_rows"]] == [here]


def _pinned_queries(staff_client, agency, *, urgent: int, days_back: int) -> tuple[list, int]:
    base = timezone.now() - datetime.timedelta(days=days_back)
    statuses = [S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFORMATION, S.ACCEPTED]
    for index in range(urgent):
        _raw(
            agency=agency,
            status=statuses[index % len(statuses)],
            submitted_at=base + datetime.timedelta(hours=index),
            **_incident(),
        )
    _raw(agency=agency)  # an ordinary one, on the page
    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(QUEUE)
    return [row.request for row in response.context["pinned_rows"]], len(captured)


def test_pinned_requests_cost_the_same_queries_for_few_or_many_and_stop_at_the_cap(
    staff_client, agency_a, agency_b, monkeypatch
):
    monkeypatch.setattr(selectors, "URGENT_PINNED_MAX", 4)
    few, few_queries = _pinned_queries(staff_client, agency_a, urgent=3, days_back=40)
    assert [ar.status for ar in few] == [S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFORMATION]
    many, many_queries = _pinned_queries(staff_client, agency_b, urgent=24, days_back=20)
    assert many_queries == few_queries
    # Open ones only, oldest first across the three open statuses, no more than the cap.
    assert len(many) == 4
    assert all(ar.status in sla.OPEN_STATUSES for ar in many)
    assert [ar.submitted_at for ar in many] == sorted(ar.submitted_at for ar in many)
    assert many[:3] == few  # agency_a's are the oldest of all: still first


def test_pinned_requests_seek_the_partial_index_of_critical_incidents(staff_client, agency_a):
    for index in range(30):
        _raw(agency=agency_a, **(_incident() if index % 3 == 0 else {}))
    with CaptureQueriesContext(connection) as captured:
        staff_client.get(QUEUE)
    # The slim query of each open status: critical incidents, by submission time, limited.
    parts = [
        query["sql"]
        for query in captured.captured_queries
        if '"has_critical_incident"' in query["sql"]
        and query["sql"].endswith(f"LIMIT {selectors.URGENT_PINNED_MAX + 1}")
        and '."narrative"' not in query["sql"]  # not the query that reads the rows
    ]
    assert len(parts) == len(sla.OPEN_STATUSES)
    with connection.cursor() as cursor:
        for sql in parts:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                assert "intake_ar_critical_submitted" in plan, plan
            else:
                # PostgreSQL costs a few dozen rows its own way: it must at least find an index.
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql)
                plan = " ".join(row[0] for row in cursor.fetchall())
                cursor.execute("SET enable_seqscan = on")
                assert "Seq Scan on intake_assistancerequest" not in plan, plan


# --- the on-call alert and the confirmation page ---------------------------------------------


def test_a_critical_incident_alerts_the_staff_on_call(agency_a, requester_a):
    today = timezone.localdate()
    on_call = ProgramStaffFactory(full_name="Dana Cruz", email="dana.cruz@example.gov")
    off_duty = ProgramStaffFactory(email="off.duty@example.gov")
    OnCallShift.objects.create(staff=on_call, starts_on=today, ends_on=today)
    OnCallShift.objects.create(
        staff=off_duty,
        starts_on=today - datetime.timedelta(days=9),
        ends_on=today - datetime.timedelta(days=1),
    )
    assert list(on_call_staff(day=today)) == [on_call]

    ar = submitted_request(
        agency=agency_a, requester=requester_a, services=[service("policy-review")], **_incident()
    )
    alerts = OutboundMessage.objects.filter(template_key="intake.on_call_alert")
    assert [m.recipients for m in alerts] == [["dana.cruz@example.gov"]]
    alert = alerts.get()
    assert ar.tracking_number in alert.subject
    assert "Dana Cruz" in alert.body and "within 1 business day" in alert.body
    assert reverse("intake:triage_detail", args=[ar.public_id]) in alert.body


def test_an_ordinary_request_alerts_nobody_and_an_empty_rota_alerts_all_staff(
    agency_a, requester_a
):
    ProgramStaffFactory(email="first@example.gov")
    ProgramStaffFactory(email="second@example.gov")
    submitted_request(agency=agency_a, requester=requester_a, services=[service("training")])
    alerts = OutboundMessage.objects.filter(template_key="intake.on_call_alert")
    assert not alerts.exists()
    submitted_request(
        agency=agency_a, requester=requester_a, services=[service("training")], **_incident()
    )
    assert sorted(m.recipients[0] for m in alerts) == ["first@example.gov", "second@example.gov"]


def test_the_confirmation_gives_the_shorter_target_and_the_response_center(
    client, agency_a, requester_a
):
    center = ResponseCenter.objects.get()
    center.phone = "800-555-0199"
    center.save()
    urgent = submitted_request(
        agency=agency_a,
        requester=requester_a,
        services=[service("policy-review")],
        **_incident(wants_immediate_consultation=True),
    )
    client.force_login(requester_a)
    page = client.get(reverse("intake:request_submitted", args=[urgent.public_id]))
    html = page.content.decode()
    assert "Your request is marked urgent" in html
    assert "within 1 business day." in html
    assert 'href="tel:+18005550199"' in html and "800-555-0199" in html
    assert "immediate, confidential consultation" in html
    assert "a few business days" not in html

    ordinary = submitted_request(
        agency=agency_a, requester=requester_a, services=[service("policy-review")]
    )
    html = client.get(reverse("intake:request_submitted", args=[ordinary.public_id]))
    html = html.content.decode()
    assert "marked urgent" not in html and "within 2 business days" in html


def test_the_consultation_is_routed_to_critical_response(agency_a, requester_a):
    ar = submitted_request(
        agency=agency_a,
        requester=requester_a,
        services=[service("policy-review")],
        **_incident(incident_date=timezone.localdate() - datetime.timedelta(days=400)),
        wants_immediate_consultation=True,
    )
    assert ar.recommended_program.slug == "critical-response"
    assert [s.slug for s in ar.recommended_services.all()] == ["immediate-consultation"]


# --- saved views -----------------------------------------------------------------------------


def test_staff_save_a_view_open_it_and_delete_it(staff_client, staff, agency_a):
    query = "critical_incident=yes&status=all&page=3&evil=1"
    response = staff_client.post(
        reverse("intake:triage_saved_view_save"),
        {"saved-name": "  Urgent,   everything ", "saved-query": query},
        follow=True,
    )
    assert response.status_code == 200
    saved = SavedQueueView.objects.get(owner=staff)
    assert saved.name == "Urgent, everything"
    assert saved.query == "status=all&critical_incident=yes"  # known filters only, no page
    page = staff_client.get(QUEUE).content.decode()
    assert f'href="{QUEUE}?status=all&amp;critical_incident=yes"' in page
    assert Event.objects.filter(verb="saved_view_created").count() == 1

    # The same name again updates it.
    staff_client.post(
        reverse("intake:triage_saved_view_save"),
        {"saved-name": "Urgent, everything", "saved-query": "status=closed"},
    )
    saved.refresh_from_db()
    assert saved.query == "status=closed" and SavedQueueView.objects.count() == 1

    delete = reverse("intake:triage_saved_view_delete", args=[saved.pk])
    staff_client.post(delete)
    assert not SavedQueueView.objects.exists()


def test_a_saved_view_is_its_owners_alone(client, staff):
    other = ProgramStaffFactory()
    theirs = saved_view_create(actor=other, name="Mine", query="status=closed")
    client.force_login(staff)
    assert "Mine" not in client.get(QUEUE).content.decode()
    response = client.post(reverse("intake:triage_saved_view_delete", args=[theirs.pk]))
    assert response.status_code == 404
    assert SavedQueueView.objects.filter(pk=theirs.pk).exists()
    huge = client.post(f"{QUEUE}saved-views/{2**70}/delete/")
    assert huge.status_code == 404


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the view a name."), ("   ", "Give the view a name."), ("x" * 81, "80 characters")],
)
def test_a_bad_view_name_gets_a_message(staff_client, name, message):
    response = staff_client.post(
        reverse("intake:triage_saved_view_save"),
        {"saved-name": name, "saved-query": "status=all"},
        follow=True,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SavedQueueView.objects.exists()


def test_saved_view_query_keeps_only_queue_filters():
    assert saved_view_query("q=Riverton&sort=oldest&page=2&x=1") == "q=Riverton&sort=oldest"
    assert saved_view_query("") == ""


# --- decisions on a second step --------------------------------------------------------------


@pytest.fixture
def ar(agency_a, requester_a):
    return submitted_request(
        agency=agency_a, requester=requester_a, services=[service("policy-review")]
    )


def _act(client, ar, slug, data):
    return client.post(reverse("intake:triage_action", args=[ar.public_id, slug]), data)


def test_a_decision_shows_a_summary_and_go_back_keeps_the_answers(staff_client, ar):
    data = {"decline-reason": "no_capacity", "decline-note": "We are full until spring."}
    summary = _act(staff_client, ar, "decline", data)
    html = summary.content.decode()
    assert summary.status_code == 200
    assert f"Decline {ar.tracking_number}?" in html
    assert "The program cannot take it on now" in html and "We are full until spring." in html
    assert 'value="confirm"' in html and 'value="back"' in html
    ar.refresh_from_db()
    assert ar.status == S.SUBMITTED
    assert not Event.objects.filter(verb="decline").exists()

    back = _act(staff_client, ar, "decline", {**data, "step": "back"})
    assert back.status_code == 200
    form = back.context["forms"]["decline"]
    assert form.data["decline-note"] == "We are full until spring."
    ar.refresh_from_db()
    assert ar.status == S.SUBMITTED

    done = _act(staff_client, ar, "decline", {**data, "step": "confirm"})
    assert done.status_code == 302
    ar.refresh_from_db()
    assert ar.status == S.DECLINED


def test_the_decided_page_opens_with_the_decision(staff_client, ar, staff):
    data = {
        "accept-program": program("cri-tac").pk,
        "accept-services": [service("policy-review").pk],
        "accept-note": "Welcome.",
        "step": "confirm",
    }
    _act(staff_client, ar, "accept", data)
    html = staff_client.get(reverse("intake:triage_detail", args=[ar.public_id]))
    html = html.content.decode()
    main = html.split("<main")[1]
    decision = main.index('id="decision-heading"')
    assert decision < main.index('id="recommendation-heading"')
    assert "Accepted into" in main and "Policy review" in main and "Welcome." in main
    assert "Jordan Avery" in main


def test_the_confirm_step_refuses_services_of_another_program(staff_client, ar):
    data = {"accept-program": program("cri-tac").pk, "accept-services": [service("bias-audit").pk]}
    response = _act(staff_client, ar, "accept", data)
    assert response.status_code == 422
    assert "not part of" in response.content.decode()


# --- the request form's critical-incident step ----------------------------------------------


def test_the_incident_step_offers_and_stores_the_immediate_consultation(client, agency_a):
    from .request_form_helpers import fill_all_steps, incident_answers, step_url

    draft = fill_all_steps(client, agency_a)
    assert draft.wants_immediate_consultation is False
    page = client.get(step_url(draft, "incident")).content.decode()
    assert "immediate, confidential consultation about a pressing need" in page
    assert "800-421-6770" in page  # the Response Center, from its data row
    answers = {**incident_answers(), "wants_immediate_consultation": "on"}
    assert client.post(step_url(draft, "incident"), answers).status_code == 302
    draft.refresh_from_db()
    assert draft.wants_immediate_consultation is True
    review = client.get(step_url(draft, "review")).content.decode()
    assert "Immediate, confidential consultation" in review and "Asked for" in review

    # No critical incident after all: the answer goes with the step's other answers.
    from .request_form_helpers import needs_answers

    client.post(step_url(draft, "needs"), needs_answers(incident=False))
    draft.refresh_from_db()
    assert draft.wants_immediate_consultation is False


def test_urgent_requests_beyond_the_pinned_cap_stay_in_the_pages(
    staff_client, agency_a, monkeypatch
):
    """More open urgent requests than the pinned list holds: the oldest are pinned, the others
    are listed in the pages below, so none disappears from the queue."""
    monkeypatch.setattr(selectors, "URGENT_PINNED_MAX", 2)
    base = timezone.now() - datetime.timedelta(days=10)
    urgent = [
        _raw(agency=agency_a, submitted_at=base + datetime.timedelta(hours=i), **_incident())
        for i in range(3)
    ]
    response = staff_client.get(QUEUE)
    pinned = [row.request.pk for row in response.context["pinned_rows"]]
    paged = [row.request.pk for row in response.context["rows"]]
    assert pinned == [urgent[0].pk, urgent[1].pk]
    assert urgent[2].pk in paged and not set(pinned) & set(paged)
    page = response.content.decode()
    assert "Urgent: the 2 oldest open critical-incident requests" in page
    assert "There are more: they are in the list below, in its order." in page


def test_all_urgent_requests_pinned_say_how_many_and_no_more(staff_client, agency_a):
    base = timezone.now() - datetime.timedelta(days=10)
    for i in range(2):
        _raw(agency=agency_a, submitted_at=base + datetime.timedelta(hours=i), **_incident())
    page = staff_client.get(QUEUE).content.decode()
    assert "Urgent: 2 open critical-incident requests" in page
    assert "There are more" not in page
