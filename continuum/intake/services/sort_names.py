"""The agency's sort name kept on each request (`AssistanceRequest.agency_sort_name`).

The request services set it when they set the agency (`draft_save_step`, `request_submit`);
a change to the directory (an agency renamed by the import or in the admin) refreshes it here,
in the same transaction (registered with `continuum.agencies.services.directory_listener_add`).
"""

from __future__ import annotations

from continuum.agencies.models import Agency

from ..models import AssistanceRequest, agency_sort_key


def agency_sort_names_refresh(agency_ids: list[int] | None = None) -> int:
    """Rewrite the sort name of the requests of agencies whose name changed (of `agency_ids`,
    or of every agency when None); returns how many requests changed. One query reads the
    names requests hold; only agencies whose name differs are written."""
    held = AssistanceRequest.objects.filter(agency__isnull=False)
    if agency_ids is not None:
        held = held.filter(agency_id__in=agency_ids)
    stored: dict[int, set[str]] = {}
    for agency_id, name in held.values_list("agency_id", "agency_sort_name").distinct():
        stored.setdefault(agency_id, set()).add(name)
    if not stored:
        return 0
    names = Agency.objects.filter(pk__in=list(stored)).values_list("pk", "name")
    changed = 0
    for agency_id, name in names.iterator(chunk_size=2000):
        key = agency_sort_key(name)
        if stored[agency_id] != {key}:
            changed += (
                AssistanceRequest.objects.filter(agency_id=agency_id)
                .exclude(agency_sort_name=key)
                .update(agency_sort_name=key)
            )
    return changed
