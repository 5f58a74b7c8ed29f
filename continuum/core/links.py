"""Links for a whole list at once: one `reverse()` a list, not one a row."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.urls import reverse

_PLACEHOLDER = str(uuid.UUID(int=0))


def urls_by_public_id(view_name: str) -> Callable[[Any], str]:
    """A function from a public id (a UUID) to the URL of `view_name` for it: the URL is
    reversed once with a placeholder id, then each id is put in its place (a reverse costs
    about 0.05 ms; a month of calendar entries or a page of the queue has hundreds)."""
    pattern = reverse(view_name, args=[_PLACEHOLDER])
    return lambda public_id: pattern.replace(_PLACEHOLDER, str(uuid.UUID(str(public_id))))
