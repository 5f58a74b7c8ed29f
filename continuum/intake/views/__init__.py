"""Views of the intake app: the request form, the agency's side, and triage (one module each)."""
