"""One assistance request of the load benchmark's data, with its history, dates consistent.

`request_with_history` returns an unsaved request (its id already taken) and what happened to
it: the events (verb, actor, when, from, to, note, message), the messages between staff and the
agency, and the notifications sent (template key, when). `benchmarks/dataset.py` writes them.
"""

from __future__ import annotations

import datetime
import uuid

from .texts import NARRATIVES, NOTES, STAFF_MESSAGES, answer_text, question_text

YEARS = 6
CRITICAL_SHARE = 0.08
OPEN = {"submitted", "in_review", "needs_information"}
DECIDED = {"accepted", "declined", "referred"}
DECISION_TEMPLATE = {
    "accepted": "intake.decision_accepted",
    "declined": "intake.decision_declined",
    "referred": "intake.decision_referred",
    "withdrawn": "intake.withdrawal_confirmation",
}


def _when(ctx, status: str) -> datetime.datetime:
    """When a request was submitted (or started, for a draft): open ones are recent."""
    minutes = ctx.rng.randint(60, 40 * 24 * 60) if status in OPEN else None
    if minutes is None:
        minutes = ctx.rng.randint(15 * 24 * 60, YEARS * 365 * 24 * 60)
    return ctx.now - datetime.timedelta(minutes=minutes)


def _after(ctx, moment, low_hours: float, high_hours: float):
    later = moment + datetime.timedelta(hours=ctx.rng.uniform(low_hours, high_hours))
    return min(later, ctx.now - datetime.timedelta(minutes=1))


def request_with_history(ctx, n: int, status: str, agency: int | None, unlisted_user: int | None):
    """One request and its history (events, messages, outbox), all dates consistent."""
    from django.utils import timezone

    from continuum.intake.models import AssistanceRequest, RequestMessage

    rng = ctx.rng
    submitted_at = _when(ctx, status)
    created_at = submitted_at - datetime.timedelta(minutes=rng.randint(20, 5 * 24 * 60))
    requester = unlisted_user or ctx.members[agency]
    program = rng.choice(list(ctx.programs))
    ar = AssistanceRequest(
        pk=ctx.request_ids.take(),
        public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        status=status,
        agency_id=agency,
        requester_id=requester,
        requester_name=f"Lieutenant {agency or n}",
        requester_title="Accreditation manager",
        requester_email=f"agency{agency}@bench.test" if agency else f"unlisted{n}@bench.test",
        requester_phone="555-0100",
        chief_name=f"Chief {n}",
        chief_title="Chief of Police",
        chief_email=f"chief{n}@bench.test",
        attests_voluntary=True,
        attests_chief_supports=True,
        not_sure=rng.random() < 0.1,
        concern_scope=rng.choice(["specific", "pattern", "systemic"]),
        narrative=rng.choice(NARRATIVES),
        desired_timeframe=rng.choice(["urgent", "soon", "later", "flexible"]),
        created_at=created_at,
        updated_at=created_at,
    )
    if agency is None:
        ar.unlisted_agency_name = f"Unlisted Regional Police Authority {n}"
        ar.unlisted_agency_type = rng.choice(["tribal", "special", "municipal"])
        ar.unlisted_jurisdiction_level = (
            "tribal" if ar.unlisted_agency_type == "tribal" else "local"
        )
        ar.unlisted_state_id = rng.choice(ctx.states)
    if rng.random() < CRITICAL_SHARE:
        ar.has_critical_incident = True
        ar.incident_date = timezone.localdate(created_at) - datetime.timedelta(
            days=rng.randint(1, 60)
        )
        ar.incident_kind = rng.choice(["officer_involved_shooting", "civil_unrest", "other"])
        ar.incident_public_attention = rng.choice(["local", "regional", "national"])
        ar.other_reviews_underway = rng.random() < 0.5
    history = {"events": [], "messages": [], "outbox": [], "program": program}
    events = history["events"]
    events.append(("created", requester, created_at, "", "", "", None))
    if status == "draft":
        ar.updated_at = _after(ctx, created_at, 0.1, 48)
        return ar, history

    year = timezone.localdate(submitted_at).year
    ctx.counters[year] = ctx.counters.get(year, 0) + 1
    if ctx.counters[year] > 99_999:
        raise SystemExit("Too many requests in one year for tracking numbers: choose a scale ≤ 20.")
    ar.tracking_number = f"CRI-{year}-{ctx.counters[year]:05d}"
    ar.submitted_at = submitted_at
    ar.chief_confirmed_at = _after(ctx, submitted_at, 1, 72) if rng.random() < 0.85 else None
    ar.recommended_program_id = program
    ar.routing_table_id = ctx.routing_table
    ar.recommendation_reasons = ["The request asks for a service of this program."]
    events.append(("submitted", requester, submitted_at, "draft", "submitted", "", None))
    events.append(("routing_recommended", None, submitted_at, "", "", "", None))
    history["outbox"].append(("intake.submission_confirmation", submitted_at))
    assigned = status != "submitted" or rng.random() < 0.5
    if assigned:
        ar.reviewer_id = rng.choice(ctx.staff)
        assigned_at = _after(ctx, submitted_at, 0.5, 20)
        events.append(("reviewer_assigned", rng.choice(ctx.staff), assigned_at, "", "", "", None))
        history["outbox"].append(("intake.assignment", assigned_at))
    moment = submitted_at
    state = "submitted"
    if status != "submitted" and not (status == "withdrawn" and rng.random() < 0.3):
        moment = ar.first_response_at = _after(ctx, submitted_at, 1, 60)
        events.append(("review_started", ar.reviewer_id, moment, state, "in_review", "", None))
        state = "in_review"
        if status == "needs_information" or rng.random() < 0.2:
            moment = _after(ctx, moment, 4, 120)
            question = RequestMessage(
                pk=ctx.message_ids.take(),
                assistance_request=ar,
                author_id=ar.reviewer_id,
                from_staff=True,
                kind="information_request",
                body=question_text(rng),
                created_at=moment,
            )
            history["messages"].append(question)
            events.append(
                (
                    "information_requested",
                    ar.reviewer_id,
                    moment,
                    state,
                    "needs_information",
                    "",
                    None,
                )
            )
            history["outbox"].append(("intake.information_request", moment))
            state = "needs_information"
            if status == "needs_information":
                ar.clock_paused_at = moment
            else:
                paused_from = moment
                moment = _after(ctx, moment, 24, 240)
                answer = RequestMessage(
                    pk=ctx.message_ids.take(),
                    assistance_request=ar,
                    author_id=requester,
                    from_staff=False,
                    kind="answer",
                    body=answer_text(rng),
                    created_at=moment,
                )
                history["messages"].append(answer)
                events.append(
                    ("information_provided", requester, moment, state, "in_review", "", None)
                )
                history["outbox"].append(("intake.information_answered", moment))
                ar.paused_business_days = max(1, (moment - paused_from).days * 5 // 7)
                state = "in_review"
        if rng.random() < 0.3:
            moment = _after(ctx, moment, 2, 96)
            message = RequestMessage(
                pk=ctx.message_ids.take(),
                assistance_request=ar,
                author_id=ar.reviewer_id,
                from_staff=True,
                kind="message",
                body=rng.choice(STAFF_MESSAGES),
                created_at=moment,
            )
            history["messages"].append(message)
            events.append(("message_sent", ar.reviewer_id, moment, "", "", "", message))
            history["outbox"].append(("intake.staff_message", moment))
        if rng.random() < 0.25:
            moment = _after(ctx, moment, 1, 48)
            events.append(("note_added", ar.reviewer_id, moment, "", "", rng.choice(NOTES), None))
    if status in DECIDED or status == "withdrawn":
        moment = _after(ctx, moment, 24, 30 * 24)
        if status == "withdrawn":
            ar.withdrawal_reason = "The agency found help closer to home."
            events.append(("withdrawn", requester, moment, state, status, "", None))
        else:
            ar.decided_at = moment
            ar.decided_by_id = ar.reviewer_id
            if status == "accepted":
                ar.decided_program_id = program
            elif status == "declined":
                ar.decline_reason = rng.choice(["out_of_scope", "no_capacity", "duplicate"])
            else:
                ar.referral_target = rng.choice(["resources", "cops_other", "state_partner"])
            ar.decision_note = "Decided after review with the agency."
            events.append((status, ar.reviewer_id, moment, state, status, "", None))
        history["outbox"].append((DECISION_TEMPLATE[status], moment))
    ar.updated_at = moment
    return ar, history
