"""The sections of an engagement's page, in the order they are shown.

Each area of the engagement (team, workplan, meetings, ...) owns one section: a template under
`engagements/sections/` and a function that gives that template its data for one viewer. The
page view (`views/detail.py`) asks each section in turn and leaves out those that return None
(a section the viewer may not see). Add a section by adding one line to `SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .models import Engagement
from .policy import Relation

#: (request, engagement, the viewer's relation to it) -> the template's data, or None to hide.
SectionData = Callable[[HttpRequest, Engagement, Relation], dict[str, Any] | None]


@dataclass(frozen=True)
class RenderedSection:
    slug: str
    template: str
    data: dict[str, Any]


def _import(path: str) -> SectionData:
    module, _, name = path.rpartition(".")
    from importlib import import_module

    return getattr(import_module(module), name)


#: (slug, dotted path of the data function); the template is `engagements/sections/<slug>.html`.
#: The functions are imported when first asked (the areas' views import models).
SECTIONS: list[tuple[str, str]] = [
    ("status", "continuum.engagements.views.lifecycle.status_section"),
    ("agreement", "continuum.engagements.views.agreement.agreement_section"),
    ("team", "continuum.engagements.views.team.team_section"),
    ("workplan", "continuum.engagements.views.workplan.workplan_section"),
    ("meetings", "continuum.engagements.views.meetings.meetings_section"),
    ("activities", "continuum.engagements.views.activities.activities_section"),
    ("peer_exchange", "continuum.engagements.views.peer_exchange.peer_exchange_section"),
    ("deliverables", "continuum.engagements.views.deliverables.deliverables_section"),
    ("documents", "continuum.engagements.views.deliverables.documents_section"),
    ("evaluation", "continuum.engagements.views.evaluation.evaluation_section"),
    ("follow_ons", "continuum.engagements.views.follow_ons.follow_ons_section"),
    ("bias_audit", "continuum.audits.views.bias_audit_section"),
    ("register", "continuum.recommendations.views.register.register_section"),
    ("reports", "continuum.reporting.views.reports.reports_section"),
    ("timeline", "continuum.engagements.views.detail.timeline_section"),
]


def sections_for(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> list[RenderedSection]:
    rendered = []
    for slug, path in SECTIONS:
        data = _import(path)(request, engagement, relation)
        if data is not None:
            template = f"engagements/sections/{slug}.html"
            rendered.append(RenderedSection(slug=slug, template=template, data=data))
    return rendered
