"""The intake app's forms, one module per audience.

- `request`: the request form's steps (one form per step of `continuum.intake.steps`) and the
  agency's side of a request (answers, withdrawal, the chief executive's answer and link);
- `triage`: the staff triage queue and request page.
"""
