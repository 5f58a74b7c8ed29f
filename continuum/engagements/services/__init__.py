"""Every write to engagements, one module per area (`requests`: the engagement an accepted request
creates; the others: team, lifecycle, workplan, activities, meetings, deliverables, agreement,
evaluation, follow-ons)."""

from .requests import engagement_create_from_request

__all__ = ["engagement_create_from_request"]
