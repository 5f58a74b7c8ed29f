"""The register's `can_*` predicates, taken from its policies (`policy.py`)."""

from .policy import RECOMMENDATIONS, can_edit_register

can_view_recommendation = RECOMMENDATIONS.predicate("view")
can_edit_recommendation = RECOMMENDATIONS.predicate("edit")

__all__ = ["can_edit_recommendation", "can_edit_register", "can_view_recommendation"]
