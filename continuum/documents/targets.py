"""What documents can be attached to: each app declares its targets in its `attachments.py`.

A target says, for its model:

- `slug`: the word in upload URLs (`/documents/attach/<slug>/<key>/`);
- `lookup(user, key)`: the object by its public key, as the user may see it (Http404 otherwise);
- `audience_scopes(user)`: pairs (audience, condition on the target's rows): on the rows meeting
  the condition, the user holds that audience. It must agree with the target policy's
  `audience_of` (the documents' property test proves it);
- `can_attach(user, obj)` and `visibilities(user, obj)`: who may attach, and the visibilities
  they may choose from (the first is the default);
- `page_url(user, obj)`: where the uploader goes back to;
- `gather(obj)`: the objects whose documents its page lists (itself unless said).

The default `audience_scopes` fits targets whose policy gives program staff every audience and
everybody else who may see the object one fixed set (`others`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from continuum.core.policy import Audience, Policy, is_program_staff, policy_for

Scopes = list[tuple[Audience, Q]]


@dataclass(frozen=True)
class AttachmentTarget:
    model: type[models.Model]
    slug: str
    lookup: Callable[[Any, str], models.Model]
    can_attach: Callable[[Any, Any], bool]
    visibilities: Callable[[Any, Any], list[Audience]]
    page_url: Callable[[Any, Any], str]
    others: Audience = Audience.NONE
    scopes: Callable[[Any], Scopes] | None = field(default=None)
    #: The objects whose documents are listed on this object's page (itself by default: a
    #: request also lists its messages' files).
    gather: Callable[[Any], list[models.Model]] | None = field(default=None)

    def page_objects(self, obj: Any) -> list[models.Model]:
        return self.gather(obj) if self.gather is not None else [obj]

    @property
    def policy(self) -> Policy:
        policy = policy_for(self.model)
        if policy is None:
            raise LookupError(f"{self.model.__name__} has no access policy")
        return policy

    def audience_scopes(self, user: Any) -> Scopes:
        if self.scopes is not None:
            return self.scopes(user)
        if is_program_staff(user):
            return [(Audience.everyone(), Q())]
        return [(self.others, Q())] if self.others else []


_TARGETS: dict[type[models.Model], AttachmentTarget] = {}


def register_target(target: AttachmentTarget) -> AttachmentTarget:
    existing = _TARGETS.get(target.model)
    if existing is not None and existing.slug != target.slug:
        raise ValueError(f"{target.model.__name__} is already an attachment target")
    _TARGETS[target.model] = target
    return target


def targets() -> list[AttachmentTarget]:
    return list(_TARGETS.values())


def target_for(model_or_obj: Any) -> AttachmentTarget | None:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _TARGETS.get(model._meta.concrete_model)


def target_by_slug(slug: str) -> AttachmentTarget | None:
    return next((t for t in _TARGETS.values() if t.slug == slug), None)
