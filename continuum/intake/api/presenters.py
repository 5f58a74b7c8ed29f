"""Requests as the API shows them: plain dicts in the shape of the `*Out` schemas.

A detail shows each caller only what they may see: the timeline and messages come from the
viewer-scoped selectors, and routing and age are added for program staff only.
"""

from __future__ import annotations

from .. import permissions, sla
from ..choices import RequestStatus
from ..selectors import messages_for_viewer, request_for_viewer, timeline_for_viewer
from ..workflow import REQUEST_MACHINE


def agency_of(ar) -> dict:
    if ar.agency_id:
        return {
            "name": ar.agency.name,
            "ori": ar.agency.ori9 or ar.agency.ori7 or None,
            "state": ar.agency.state.usps if ar.agency.state_id else None,
            "in_directory": True,
        }
    return {
        "name": ar.unlisted_agency_name,
        "ori": None,
        "state": ar.unlisted_state.usps if ar.unlisted_state_id else None,
        "in_directory": False,
    }


def summary(ar) -> dict:
    return {
        "public_id": ar.public_id,
        "tracking_number": ar.tracking_number,
        "status": ar.status,
        "status_label": str(ar.get_status_display()),
        "agency": agency_of(ar),
        "submitted_at": ar.submitted_at,
        "updated_at": ar.updated_at,
    }


def queue_item(ar, now, targets: dict | None = None) -> dict:
    return summary(ar) | {
        "recommended_program": ar.recommended_program.slug if ar.recommended_program_id else None,
        "services": [s.slug for s in ar.services.all()],
        "not_sure": ar.not_sure,
        "reviewer_id": ar.reviewer_id,
        "has_critical_incident": ar.has_critical_incident,
        "age_business_days": sla.request_age_business_days(ar, now),
        "overdue": sla.is_overdue(ar, now, targets=targets),
    }


def answers(ar) -> dict:
    return {
        "unlisted_agency_type": ar.unlisted_agency_type,
        "unlisted_jurisdiction_level": ar.unlisted_jurisdiction_level,
        "requester_name": ar.requester_name,
        "requester_title": ar.requester_title,
        "requester_email": ar.requester_email,
        "requester_phone": ar.requester_phone,
        "chief_name": ar.chief_name,
        "chief_title": ar.chief_title,
        "chief_email": ar.chief_email,
        "attests_voluntary": ar.attests_voluntary,
        "attests_chief_supports": ar.attests_chief_supports,
        "services": [s.slug for s in ar.services.all()],
        "not_sure": ar.not_sure,
        "topics": [t.slug for t in ar.topics.all()],
        "goals": [g.slug for g in ar.goals.all()],
        "concern_scope": ar.concern_scope,
        "narrative": ar.narrative,
        "desired_timeframe": ar.desired_timeframe,
        "earlier_assistance": ar.earlier_assistance,
        "has_critical_incident": ar.has_critical_incident,
        "incident_date": ar.incident_date.isoformat() if ar.incident_date else None,
        "incident_kind": ar.incident_kind,
        "incident_public_attention": ar.incident_public_attention,
        "other_reviews_underway": ar.other_reviews_underway,
        "other_reviews_detail": ar.other_reviews_detail,
    }


def message_of(message) -> dict:
    return {
        "kind": message.kind,
        "from_staff": message.from_staff,
        "body": message.body,
        "created_at": message.created_at,
    }


def detail(user, ar) -> dict:
    data = summary(ar) | {
        "answers": answers(ar),
        "chief_confirmed": ar.chief_confirmed_at is not None,
        "decision": {
            "decided_at": ar.decided_at,
            "program": ar.decided_program.slug if ar.decided_program_id else None,
            "decline_reason": ar.decline_reason,
            "referral_target": ar.referral_target,
            "note": ar.decision_note,
        },
        "available_actions": [t.action for t in REQUEST_MACHINE.available(user, ar)],
        "timeline": [
            {
                "when": e.when,
                "verb": e.verb,
                "label": e.label,
                "note": e.note,
                "actor": e.actor_label,
                "internal": e.internal,
            }
            for e in timeline_for_viewer(viewer=user, ar=ar)
        ],
        "messages": [message_of(m) for m in messages_for_viewer(viewer=user, ar=ar)],
    }
    if permissions.can_triage(user) and ar.status != RequestStatus.DRAFT:
        data |= {
            "recommendation": {
                "program": ar.recommended_program.slug if ar.recommended_program_id else None,
                "services": [s.slug for s in ar.recommended_services.all()],
                "reasons": list(ar.recommendation_reasons or []),
                "routing_table_version": ar.routing_table.version if ar.routing_table_id else None,
            },
            "reviewer_id": ar.reviewer_id,
            "age_business_days": sla.request_age_business_days(ar),
            "overdue": sla.is_overdue(ar),
        }
    return data


def viewer_request(request, public_id):
    """The request `public_id` if the caller may see it (404 otherwise)."""
    return request_for_viewer(viewer=request.user, public_id=public_id)


def fresh_detail(request, ar) -> dict:
    """The request read again after a change, as the caller now sees it."""
    return detail(request.user, viewer_request(request, ar.public_id))
