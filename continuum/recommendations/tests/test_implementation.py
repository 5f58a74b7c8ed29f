"""Implementation progress and validation (issue 10 §3): the services' happy paths and every
refusal, who may validate, the done rule (by hand and by import), the pages' per-object 404s,
the recommendation's history and the validation queue's constant query count."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.tests.factories import VerifiedUserFactory
from continuum.activity.models import Event
from continuum.documents.choices import TEAM_AND_AGENCY
from continuum.documents.models import Document
from continuum.documents.policy import DOCUMENTS
from continuum.documents.tests.files import ELF, PDF, PNG, upload
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.models import Engagement
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.engagements.tests.factories import TeamMemberFactory
from continuum.recommendations.choices import ImplementationState
from continuum.recommendations.models import (
    ComplianceMeasure,
    ImplementationEvidence,
    ImplementationReport,
    RecommendationStatus,
    ScaleValue,
)
from continuum.recommendations.services.implementation import (
    progress_report_accept,
    progress_report_return,
    progress_report_submit,
    progress_report_withdraw,
)
from continuum.recommendations.services.imports import (
    register_import_check,
    register_import_confirm,
    register_import_start,
)
from continuum.recommendations.services.register import (
    category_add,
    finding_add,
    measure_add,
    recommendation_add,
    recommendation_status_set,
    register_setup,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)
DONE_MESSAGE = "Only a validator can mark a recommendation done"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Register:
    """A register with two recommendations (1.1 with two measures, 1.2 with none)."""

    def __init__(self, world, *, recommendations: int = 2):
        self.world = world
        engagement = world.engagement
        category_add(actor=world.staff, engagement=engagement, number=1, name="Accountability")
        finding = finding_add(
            actor=world.staff, engagement=engagement, number=1, statement="Reviews lag."
        )
        self.recs = [
            recommendation_add(actor=world.lead, finding=finding, number=m, text=f"Do 1.{m}.")
            for m in range(1, recommendations + 1)
        ]
        self.rec = self.recs[0]
        self.measures = [
            measure_add(actor=world.lead, recommendation=self.rec, text="Publish minutes."),
            measure_add(actor=world.lead, recommendation=self.rec, text="Train the board."),
        ]
        self.scale = self.rec.engagement.status_scales.get(key="progress")
        self.value = lambda key: ScaleValue.objects.get(scale=self.scale, key=key)

    def submit(self, actor=None, *, rec=None, key="complete", evidence=None, narrative="Done."):
        return progress_report_submit(
            actor=actor or self.world.member,
            recommendation=rec or self.rec,
            scale=self.scale,
            proposed_value=self.value(key),
            narrative=narrative,
            evidence=(
                [(self.measures[0], upload("minutes.pdf", PDF), "Twelve meetings")]
                if evidence is None
                else evidence
            ),
        )


def status_of(rec, scale) -> str:
    return RecommendationStatus.objects.get(recommendation=rec, scale=scale).value.key


# --- submitting ---------------------------------------------------------------------------------


def test_the_agency_reports_progress_with_evidence_per_measure():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit(
        evidence=[
            (reg.measures[0], upload("minutes.pdf", PDF), "Twelve meetings"),
            (None, upload("photo.png", PNG), ""),
        ]
    )
    assert report.state == ImplementationState.SUBMITTED
    assert report.submitted_by == world.member and report.submitted_at is not None
    evidence = list(report.evidence.select_related("document"))
    assert [(e.measure, e.note) for e in evidence] == [
        (reg.measures[0], "Twelve meetings"),
        (None, ""),
    ]
    for item in evidence:
        assert item.document.target == reg.rec
        assert item.document.visibility == int(TEAM_AND_AGENCY)
        for user in (world.member, world.lead, world.coordinator, world.staff):
            assert DOCUMENTS.view(user, item.document)
        for user in world.outsiders.values():
            assert not DOCUMENTS.view(user, item.document)
    event = Event.objects.get(verb="implementation_reported")
    assert event.data == {"recommendation": reg.rec.pk, "report": str(report.public_id)}
    # reporting moves nothing yet
    assert status_of(reg.rec, reg.scale) == "not_started"
    assert not ComplianceMeasure.objects.filter(met_on__isnull=False).exists()


def test_staff_and_the_working_side_may_report_on_the_agencys_behalf():
    world = delivery_world()
    reg = Register(world)
    assert reg.submit(world.coordinator, key="in_progress").submitted_by == world.coordinator
    assert reg.submit(world.staff, rec=reg.recs[1], evidence=()).submitted_by == world.staff


def test_submitting_refuses_outsiders_and_ended_engagements():
    world = delivery_world()
    reg = Register(world)
    for user in world.outsiders.values():
        with pytest.raises(PermissionDenied):
            reg.submit(user)
    Engagement.objects.filter(pk=world.engagement.pk).update(status=EngagementStatus.CLOSED)
    with pytest.raises(ValidationError, match="engagement has ended"):
        reg.submit()
    assert not ImplementationReport.objects.exists()


def test_submitting_refuses_bad_input_and_writes_nothing():
    world = delivery_world()
    reg = Register(world)
    register_setup(actor=world.staff, engagement=world.engagement, scale_keys=["monitor"])
    monitor_full = ScaleValue.objects.get(scale__engagement=world.engagement, key="full")
    other = Register(delivery_world())
    base = {"actor": world.member, "recommendation": reg.rec, "narrative": "Done."}
    with pytest.raises(ValidationError, match="Say what the agency has done"):
        progress_report_submit(
            **{**base, "narrative": "  "}, scale=reg.scale, proposed_value=reg.value("complete")
        )
    with pytest.raises(ValidationError, match="Choose a status of the Progress scale"):
        progress_report_submit(**base, scale=reg.scale, proposed_value=monitor_full)
    with pytest.raises(ValidationError, match="status scale of this register"):
        progress_report_submit(**base, scale=other.scale, proposed_value=other.value("complete"))
    with pytest.raises(ValidationError, match="compliance measures of recommendation 1.1"):
        reg.submit(evidence=[(other.measures[0], upload("a.pdf", PDF), "")])
    with pytest.raises(ValidationError, match="bad.exe"):
        reg.submit(
            evidence=[
                (reg.measures[0], upload("minutes.pdf", PDF), ""),
                (None, upload("bad.exe", ELF), ""),
            ]
        )
    assert not ImplementationReport.objects.exists()
    assert not ImplementationEvidence.objects.exists()
    assert not Document.objects.exists()


def test_one_report_per_recommendation_and_scale_waits_at_a_time():
    world = delivery_world()
    reg = Register(world)
    first = reg.submit()
    with pytest.raises(ValidationError, match="already waiting for validation"):
        reg.submit(world.lead, evidence=())
    # another recommendation, or the same one once the first is decided, is fine
    reg.submit(rec=reg.recs[1], evidence=())
    progress_report_return(actor=world.lead, report=first, comment="Add the minutes of May.")
    second = reg.submit(evidence=())
    assert second.state == ImplementationState.SUBMITTED


# --- deciding -----------------------------------------------------------------------------------


def test_the_lead_expert_accepts_which_moves_the_status_and_meets_the_measures():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit()
    accepted = progress_report_accept(actor=world.lead, report=report, comment="Well documented.")
    assert accepted.state == ImplementationState.ACCEPTED
    assert (accepted.decided_by, accepted.verdict_comment) == (world.lead, "Well documented.")
    assert status_of(reg.rec, reg.scale) == "complete"
    assert RecommendationStatus.objects.get(recommendation=reg.rec).set_by == world.lead
    met = {m.pk: m.met_on for m in ComplianceMeasure.objects.filter(recommendation=reg.rec)}
    assert met == {reg.measures[0].pk: TODAY, reg.measures[1].pk: None}
    assert Event.objects.filter(verb="implementation_accepted").count() == 1
    assert Event.objects.filter(verb="register_status_set").count() == 1
    with pytest.raises(ValidationError, match="no longer waiting"):
        progress_report_accept(actor=world.staff, report=report)
    with pytest.raises(ValidationError, match="no longer waiting"):
        progress_report_return(actor=world.staff, report=report, comment="Wait.")


def test_only_validators_decide_and_never_on_their_own_report():
    world = delivery_world()
    reg = Register(world)
    contact = VerifiedUserFactory()
    TeamMemberFactory(engagement=world.engagement, user=contact, role=TeamRole.AGENCY_CONTACT)
    report = reg.submit()
    refused = [
        world.member,
        world.requester,
        world.executive,
        contact,
        world.coordinator,
        *world.outsiders.values(),
    ]
    for user in refused:
        with pytest.raises(PermissionDenied):
            progress_report_accept(actor=user, report=report)
        with pytest.raises(PermissionDenied):
            progress_report_return(actor=user, report=report, comment="No.")
    own = reg.submit(world.lead, rec=reg.recs[1], evidence=())
    with pytest.raises(PermissionDenied, match="You submitted this report"):
        progress_report_accept(actor=world.lead, report=own)
    progress_report_accept(actor=world.staff, report=own)
    assert status_of(reg.recs[1], reg.scale) == "complete"
    report.refresh_from_db()
    assert report.state == ImplementationState.SUBMITTED


def test_returning_needs_a_comment_and_moves_nothing():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit()
    with pytest.raises(ValidationError, match="Say what the agency needs to add or change"):
        progress_report_return(actor=world.lead, report=report, comment=" ")
    returned = progress_report_return(actor=world.lead, report=report, comment="Add May.")
    assert (returned.state, returned.verdict_comment) == (ImplementationState.RETURNED, "Add May.")
    assert status_of(reg.rec, reg.scale) == "not_started"
    assert not ComplianceMeasure.objects.filter(met_on__isnull=False).exists()
    assert Event.objects.filter(verb="implementation_returned").count() == 1


def test_the_submitter_withdraws_a_waiting_report():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit()
    for user in (world.executive, world.lead, world.staff):
        with pytest.raises(PermissionDenied):
            progress_report_withdraw(actor=user, report=report)
    assert progress_report_withdraw(actor=world.member, report=report).state == "withdrawn"
    assert Event.objects.filter(verb="implementation_withdrawn").count() == 1
    with pytest.raises(ValidationError, match="no longer waiting"):
        progress_report_withdraw(actor=world.member, report=report)
    with pytest.raises(ValidationError, match="no longer waiting"):
        progress_report_accept(actor=world.lead, report=report)


# --- the done rule ------------------------------------------------------------------------------


def test_only_a_validator_sets_a_done_value_by_hand():
    world = delivery_world()
    reg = Register(world)
    complete = reg.value("complete")
    with pytest.raises(PermissionDenied, match=DONE_MESSAGE):
        recommendation_status_set(actor=world.coordinator, recommendation=reg.rec, value=complete)
    recommendation_status_set(
        actor=world.coordinator, recommendation=reg.rec, value=reg.value("in_progress")
    )
    recommendation_status_set(actor=world.lead, recommendation=reg.rec, value=complete)
    assert status_of(reg.rec, reg.scale) == "complete"


def test_the_status_form_offers_done_values_to_validators_only():
    world = delivery_world()
    reg = Register(world)
    url = reg.rec.get_absolute_url()
    assert "Complete</option>" not in as_user(world.coordinator).get(url).content.decode()
    assert "Complete</option>" in as_user(world.lead).get(url).content.decode()
    response = as_user(world.coordinator).post(
        reverse(
            "recommendations:status_set",
            kwargs={"public_id": world.engagement.public_id, "pk": reg.rec.pk},
        ),
        {f"scale-{reg.scale.pk}-value": reg.value("complete").pk},
    )
    assert response.status_code == 400
    assert status_of(reg.rec, reg.scale) == "not_started"


def test_an_import_by_a_non_validator_reports_done_rows_as_problems():
    world = delivery_world()
    content = (
        b"objective_no,objective,finding_no,rec_id,rec_text,status_example\n"
        b"1,Use of Force,1,1.1,Review faster.,Complete\n"
        b"1,Use of Force,1,1.2,Train.,In progress\n"
    )
    pending = register_import_start(
        actor=world.coordinator, engagement=world.engagement, file_name="r.csv", content=content
    )
    plan = register_import_check(pending=pending, actor=world.coordinator)
    assert [(i.row, i.error) for i in plan.errors] == [(2, True)]
    assert DONE_MESSAGE.lower() in plan.errors[0].message.lower()
    with pytest.raises(ValidationError, match="only a validator"):
        register_import_confirm(actor=world.coordinator, pending=pending)
    assert not RecommendationStatus.objects.exists()
    # the lead expert (a validator) imports the same file
    pending = register_import_start(
        actor=world.lead, engagement=world.engagement, file_name="r.csv", content=content
    )
    assert not register_import_check(pending=pending, actor=world.lead).errors
    register_import_confirm(actor=world.lead, pending=pending)
    assert sorted(RecommendationStatus.objects.values_list("value__key", flat=True)) == [
        "complete",
        "in_progress",
    ]


# --- pages --------------------------------------------------------------------------------------


def _urls(world, reg, report) -> dict[str, str]:
    engagement = world.engagement.public_id
    one = {"public_id": engagement, "report_id": report.public_id}
    return {
        "new": reverse(
            "recommendations:progress_report_new",
            kwargs={"public_id": engagement, "pk": reg.rec.pk},
        ),
        "report": reverse("recommendations:progress_report", kwargs=one),
        "accept": reverse("recommendations:progress_report_accept", kwargs=one),
        "return": reverse("recommendations:progress_report_return", kwargs=one),
        "withdraw": reverse("recommendations:progress_report_withdraw", kwargs=one),
        "queue": reverse("recommendations:validation_queue", kwargs={"public_id": engagement}),
    }


def test_outsiders_and_the_other_agency_get_404_on_every_new_page():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit()
    urls = _urls(world, reg, report)
    for user in world.outsiders.values():
        client = as_user(user)
        for name in ("new", "report", "queue"):
            assert client.get(urls[name]).status_code == 404, (user, name)
        for name in ("new", "accept", "return", "withdraw"):
            assert client.post(urls[name], {"return-comment": "x"}).status_code == 404, name
    # the other side: the agency has no queue, and a report of another engagement is not here
    assert as_user(world.member).get(urls["queue"]).status_code == 404
    assert as_user(world.coordinator).get(urls["queue"]).status_code == 404
    elsewhere = delivery_world()
    other_report = Register(elsewhere).submit()
    wrong = reverse(
        "recommendations:progress_report",
        kwargs={"public_id": world.engagement.public_id, "report_id": other_report.public_id},
    )
    assert as_user(world.lead).get(wrong).status_code == 404
    assert as_user(world.member).get(wrong).status_code == 404
    report.refresh_from_db()
    assert report.state == ImplementationState.SUBMITTED


def test_no_report_form_once_the_engagement_has_ended():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit()
    Engagement.objects.filter(pk=world.engagement.pk).update(status=EngagementStatus.WITHDRAWN)
    urls = _urls(world, reg, report)
    assert as_user(world.member).get(urls["new"]).status_code == 404
    page = as_user(world.member).get(reg.rec.get_absolute_url()).content.decode()
    assert urls["new"] not in page


def test_the_journey_through_the_pages_keeps_every_report_and_verdict():
    world = delivery_world()
    reg = Register(world)
    member, lead = as_user(world.member), as_user(world.lead)
    new = reverse(
        "recommendations:progress_report_new",
        kwargs={"public_id": world.engagement.public_id, "pk": reg.rec.pk},
    )
    page = member.get(reg.rec.get_absolute_url()).content.decode()
    assert new in page and "No progress reported yet." in page
    form = member.get(new)
    assert (
        form.status_code == 200 and f'name="evidence_{reg.measures[0].pk}"' in form.content.decode()
    )
    refused = member.post(
        new,
        {"proposed_value": reg.value("complete").pk, "narrative": "Done."}
        | {f"evidence_{reg.measures[0].pk}": upload("bad.exe", ELF)},
    )
    assert refused.status_code == 400 and "bad.exe" in refused.content.decode()
    empty = member.post(new, {"proposed_value": reg.value("complete").pk, "narrative": ""})
    assert empty.status_code == 400 and "Say what the agency has done." in empty.content.decode()
    sent = member.post(
        new,
        {
            "proposed_value": reg.value("complete").pk,
            "narrative": "The board met monthly.",
            f"evidence_{reg.measures[0].pk}": upload("minutes.pdf", PDF),
        },
    )
    first = ImplementationReport.objects.get()
    urls = _urls(world, reg, first)
    assert sent.status_code == 302 and sent["Location"] == urls["report"]
    own = member.get(urls["report"]).content.decode()
    assert "Withdraw this report" in own and "Accept the report" not in own
    shown = lead.get(urls["report"]).content.decode()
    assert "Accept the report" in shown and "Return the report" in shown
    document = first.evidence.get().document
    assert reverse("documents:file", kwargs={"public_id": document.public_id}) in shown
    assert member.post(urls["accept"], {}).status_code == 302
    first.refresh_from_db()
    assert first.state == ImplementationState.SUBMITTED  # the agency cannot accept
    assert lead.post(urls["return"], {"return-comment": ""}).status_code == 400
    assert lead.post(urls["return"], {"return-comment": "Add May's minutes."}).status_code == 302
    member.post(
        new,
        {
            "proposed_value": reg.value("complete").pk,
            "narrative": "Now with May.",
            f"evidence_{reg.measures[1].pk}": upload("may.pdf", PDF),
        },
    )
    second = ImplementationReport.objects.get(state=ImplementationState.SUBMITTED)
    assert (
        lead.post(_urls(world, reg, second)["accept"], {"accept-comment": "Good."}).status_code
        == 302
    )
    assert status_of(reg.rec, reg.scale) == "complete"
    history = member.get(reg.rec.get_absolute_url()).content.decode()
    for text in (
        "The board met monthly.",
        "Add May&#x27;s minutes.",
        "Returned with comments",
        "Now with May.",
        "Good.",
        "Accepted",
        "minutes.pdf",
        "may.pdf",
    ):
        assert text in history, text
    assert history.index("Now with May.") < history.index("The board met monthly.")  # newest first


def test_the_register_links_the_queue_for_validators_with_the_count():
    world = delivery_world()
    reg = Register(world)
    reg.submit()
    reg.submit(rec=reg.recs[1], evidence=())
    register = reverse("recommendations:register", kwargs={"public_id": world.engagement.public_id})
    queue = reverse(
        "recommendations:validation_queue", kwargs={"public_id": world.engagement.public_id}
    )
    page = as_user(world.lead).get(register).content.decode()
    assert queue in page and "2 progress reports wait for validation" in page
    assert queue not in as_user(world.member).get(register).content.decode()
    assert queue not in as_user(world.coordinator).get(register).content.decode()
    listed = as_user(world.staff).get(queue).content.decode()
    assert listed.index("Recommendation 1.1") < listed.index("Recommendation 1.2")  # oldest first


def _queue_queries(size: int) -> int:
    world = delivery_world()
    reg = Register(world, recommendations=size)
    for rec in reg.recs:
        reg.submit(rec=rec, evidence=())
    client = as_user(world.lead)
    url = reverse(
        "recommendations:validation_queue", kwargs={"public_id": world.engagement.public_id}
    )
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Recommendation 1.") == min(size, 25)
    return len(queries)


def test_the_validation_queue_costs_the_same_as_it_grows():
    assert _queue_queries(2) == _queue_queries(30)


def test_evidence_links_are_shown_only_to_those_who_may_open_the_file():
    world = delivery_world()
    reg = Register(world)
    report = reg.submit()
    document = report.evidence.get().document
    link = reverse("documents:file", kwargs={"public_id": document.public_id})
    # a team member in a role that is neither the working nor the agency side sees the report
    # but not the team-and-agency evidence
    manager = VerifiedUserFactory()
    TeamMemberFactory(engagement=world.engagement, user=manager, role=TeamRole.PROGRAM_MANAGER)
    page = as_user(manager).get(reg.rec.get_absolute_url())
    assert page.status_code == 200 and "Done." in page.content.decode()
    assert link not in page.content.decode()
    assert as_user(manager).get(link).status_code == 404
    for user in (world.member, world.lead):
        assert link in as_user(user).get(reg.rec.get_absolute_url()).content.decode()


def test_the_form_asks_for_the_scale_when_the_register_has_several():
    world = delivery_world()
    reg = Register(world)
    new = reverse(
        "recommendations:progress_report_new",
        kwargs={"public_id": world.engagement.public_id, "pk": reg.rec.pk},
    )
    assert 'name="scale"' not in as_user(world.member).get(new).content.decode()
    register_setup(actor=world.staff, engagement=world.engagement, scale_keys=["monitor"])
    monitor = world.engagement.status_scales.get(key="monitor")
    full = ScaleValue.objects.get(scale=monitor, key="full")
    member = as_user(world.member)
    page = member.get(new).content.decode()
    assert 'name="scale"' in page and '<optgroup label="Monitor">' in page
    mixed = member.post(new, {"scale": reg.scale.pk, "proposed_value": full.pk, "narrative": "x"})
    assert mixed.status_code == 400
    assert "Choose a status of the Progress scale." in mixed.content.decode()
    assert (
        member.post(
            new, {"scale": monitor.pk, "proposed_value": full.pk, "narrative": "Assessed."}
        ).status_code
        == 302
    )
    report = ImplementationReport.objects.get()
    assert (report.scale, report.proposed_value) == (monitor, full)
    progress_report_accept(actor=world.lead, report=report)
    assert status_of(reg.rec, monitor) == "full" and status_of(reg.rec, reg.scale) == "not_started"
