"""The analyses; each returns an :class:`~.base.Analysis` (table, reading, test, log)."""

from .base import Analysis
from .outcome import hit_rates, outcome_test
from .rates import benchmark_test, descriptive, post_stop_outcomes

__all__ = [
    "Analysis",
    "benchmark_test",
    "descriptive",
    "hit_rates",
    "outcome_test",
    "post_stop_outcomes",
]
