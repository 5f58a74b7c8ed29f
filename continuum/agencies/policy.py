"""The national directory is public: everyone may read every agency."""

from __future__ import annotations

from continuum.core.policy import PublicPolicy, register

from .models import Agency


class AgencyPolicy(PublicPolicy):
    model = Agency


AGENCIES = register(AgencyPolicy())
