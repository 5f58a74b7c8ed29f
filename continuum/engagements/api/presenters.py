"""Engagements, activities and milestones as the API shows them: plain dicts in the shape of the
`*Out` schemas. They read only what the selectors loaded (no query per row)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..choices import TeamRole


def agency_of(engagement) -> dict:
    if engagement.agency_id:
        agency = engagement.agency
        return {
            "name": agency.name,
            "ori": agency.ori9 or agency.ori7 or None,
            "state": agency.state.usps if agency.state_id else None,
        }
    return {"name": engagement.agency_label, "ori": None, "state": None}


def _named(row) -> dict:
    return {"slug": row.slug, "name": row.name}


def summary(engagement) -> dict:
    return {
        "public_id": engagement.public_id,
        "status": engagement.status,
        "status_label": str(engagement.get_status_display()),
        "program": _named(engagement.program),
        "agency": agency_of(engagement),
        "provider": _named(engagement.provider) if engagement.provider_id else None,
        "services": [_named(s) for s in engagement.services.all()],
        "starts_on": engagement.starts_on,
        "ends_on": engagement.ends_on,
        "created_at": engagement.created_at,
        "updated_at": engagement.updated_at,
    }


def detail(engagement) -> dict:
    return summary(engagement) | {
        "scope": engagement.scope,
        "topics": [_named(t) for t in engagement.topics.all()],
        "closed_at": engagement.closed_at,
        "team": [
            {
                "user_id": member.user_id,
                "name": str(member.user),
                "role": member.role,
                "role_label": str(TeamRole(member.role).label),
            }
            for member in engagement.current_team
        ],
    }


def activity_of(activity) -> dict:
    peer = activity.peer_agency
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "occurred_on": activity.occurred_on,
        "hours": activity.hours,
        "delivery_mode": activity.delivery_mode,
        "participants": activity.participants,
        "travel_cost": activity.travel_cost,
        "notes": activity.notes,
        "peer_agency": (
            {
                "name": peer.name,
                "ori": peer.ori9 or peer.ori7 or None,
                "state": peer.state.usps if peer.state_id else None,
            }
            if peer is not None
            else None
        ),
        "logged_by": str(activity.logged_by) if activity.logged_by_id else None,
        "created_at": activity.created_at,
    }


def milestone_of(milestone, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "id": milestone.pk,
        "title": milestone.title,
        "description": milestone.description,
        "due_on": milestone.due_on,
        "completed_on": milestone.completed_on,
        "overdue": milestone.completed_on is None and milestone.due_on < today,
        "owner": str(milestone.owner) if milestone.owner_id else None,
        "owner_id": milestone.owner_id,
    }
