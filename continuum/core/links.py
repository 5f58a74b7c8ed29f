"""Links for a whole list at once: one `reverse()` a list, not one a row."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.urls import reverse

_PLACEHOLDER = str(uuid.UUID(int=0))
#: The largest id a database holds: the digits of no other part of a URL read the same.
_PK_PLACEHOLDER = str(2**63 - 1)


def urls_by_public_id(view_name: str) -> Callable[[Any], str]:
    """A function from a public id (a UUID) to the URL of `view_name` for it: the URL is
    reversed once with a placeholder id, then each id is put in its place (a reverse costs
    about 0.05 ms; a month of calendar entries or a page of the queue has hundreds)."""
    pattern = reverse(view_name, args=[_PLACEHOLDER])
    return lambda public_id: pattern.replace(_PLACEHOLDER, str(uuid.UUID(str(public_id))))


def urls_by_pk(view_name: str) -> Callable[[Any], str]:
    """A function from an integer primary key to the URL of `view_name` for it (a view with
    one `<int:...>` argument), the same way: one reverse with a placeholder id, then each id in
    its place (the staff queue of memberships to verify has up to 220 links a page)."""
    before, _, after = reverse(view_name, args=[_PK_PLACEHOLDER]).rpartition(_PK_PLACEHOLDER)

    def url_of(pk: Any) -> str:
        number = int(pk)
        if number < 0:  # what reverse() itself refuses
            raise ValueError(f"Not a primary key: {pk!r}")
        return f"{before}{number}{after}"

    return url_of
