"""Every write to assistance requests.

- `drafts`: the request form's drafts, and the "You" step's account (no address enumeration);
- `chief`: the chief executive's link and answer, resending it and correcting the address;
- `submission`: `request_submit` and tracking numbers;
- `triage`: assignment, notes, messages, information requests and the decisions;
- `routing_tables`: copying and activating versions of the routing table.

Import the functions from their modules (`from continuum.intake.services.triage import ...`).
"""
