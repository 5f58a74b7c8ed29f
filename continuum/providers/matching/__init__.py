"""Matching: which experts fit an engagement, ranked, with the reasons (docs/matching.md).

For one engagement every expert gets a score out of 100 made of six parts, each with a one-line
plain reason: expertise, experience with similar agencies, proximity, language, availability in
the engagement's window, and current workload. Hard exclusions (conflict of interest, not
vetted, not available, at capacity) take an expert off the ranked list; they are kept, with
their codes and reasons, for "show excluded experts" and for the assignment's override.

How it is built, so that 5,000 experts answer in well under a second:

- `loading.load_experts` reads everything in a FIXED number of queries (seven, whatever the
  number of experts): plain values, no model instances, only the rows that can matter to this
  engagement (expertise in its services and topics, positions at its agency or at agencies of
  its type or size, windows overlapping its dates, conflicts with its agency or state).
- `scoring.score_expert` is pure: plain data in, a `Match` out. Tests give it tables of facts.
- Every weight and fraction is in `tables.py` (`WEIGHTS`, `PROXIMITY`, `EXPERIENCE`,
  `AVAILABILITY`): changing the policy is a one-row diff.

The package: `tables.py` (the weights, and reasons as words put together when shown),
`facts.py` (the plain data scoring reads and writes), `scoring.py` (pure), `loading.py` (the
queries), and here the two entry points, `match_experts` and `exclusions_for`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext_noop as N_

from ..models import ExpertProfile
from .facts import (
    EngagementFacts,
    Exclusion,
    ExclusionCode,
    ExpertFacts,
    Match,
    MatchResult,
    ScorePart,
)
from .loading import engagement_facts, load_experts
from .scoring import PARTS, exclusions_of, rank, score_expert
from .tables import (
    AVAILABILITY,
    EXPERIENCE,
    LANGUAGE_NEUTRAL,
    PART_LABELS,
    PROXIMITY,
    WEIGHTS,
    Text,
    said,
)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while matching builds its many small objects (none of
    them in cycles): with 5,000 experts the collector otherwise re-walks the growing result
    dozens of times and doubles the time. Reference counting still frees everything; the
    collector is turned back on (if it was on) even when matching fails."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def match_experts(
    engagement: Any,
    *,
    expert_ids: Iterable[int] | None = None,
    languages_needed: Iterable[str] = (),
) -> MatchResult:
    """The experts for `engagement`, ranked, with the excluded ones apart (docs/matching.md).

    `expert_ids` narrows the pool (the assignment checks one expert). Answers in a fixed number
    of queries: the engagement's services and topics (unless prefetched) and six more.
    """
    facts = engagement_facts(engagement, languages_needed=languages_needed)
    with _collector_paused():
        return rank(facts, load_experts(facts, expert_ids=expert_ids))


def exclusions_for(engagement: Any, expert: ExpertProfile) -> list[Exclusion]:
    """The hard exclusions of one expert for one engagement (empty when none)."""
    result = match_experts(engagement, expert_ids=[expert.pk])
    match = result.by_expert.get(expert.pk)
    if match is None:  # an expert whose account is turned off
        return [Exclusion(ExclusionCode.NOT_TAKING, said(N_("Not taking engagements now.")))]
    return match.exclusions


__all__ = [
    "AVAILABILITY",
    "EXPERIENCE",
    "LANGUAGE_NEUTRAL",
    "PARTS",
    "PART_LABELS",
    "PROXIMITY",
    "WEIGHTS",
    "EngagementFacts",
    "Exclusion",
    "ExclusionCode",
    "ExpertFacts",
    "Match",
    "MatchResult",
    "ScorePart",
    "Text",
    "engagement_facts",
    "exclusions_for",
    "exclusions_of",
    "load_experts",
    "match_experts",
    "rank",
    "said",
    "score_expert",
]
