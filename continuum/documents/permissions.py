"""Who may do what to one document: the rules of `continuum.documents.policy`, by name."""

from __future__ import annotations

from .policy import DOCUMENTS

can_view_document = DOCUMENTS.predicate("view")
can_add_document_version = DOCUMENTS.predicate("add_version")

__all__ = ["can_add_document_version", "can_view_document"]
