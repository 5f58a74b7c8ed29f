"""Moved to `continuum.intake.forms.request`; kept importable while other modules move over."""

from .forms.request import *  # noqa: F403
from .forms.request import STEP_FORMS  # noqa: F401
