"""Public pages kept in Django's cache, and invalidated by the changes that alter them (ADR 0013).

- `public_page("catalog", ...)` decorates a public view: an anonymous visitor's GET that
  answers 200 is stored under a key that varies on what the page depends on (the view, the full
  path with its query, the language, whether htmx asked for a fragment, today's date, and the
  version of each named *topic*). Signed-in people, visitors with a session (a draft on the
  go, a flash message to show) and any answer that sets a cookie are never stored or served
  from the shared cache: their pages are theirs (and `NoStoreMiddleware` marks them no-store).
- `topic_changed("catalog")` bumps a topic's version once the transaction commits, so every
  page built from it is rebuilt on its next view. The services that change a topic call it
  (`catalog_changed`, `directory_changed`); nothing is deleted by pattern, so it works the same
  on the local-memory cache (the default) and Redis (`CONTINUUM_CACHE_URL`).
- `public_cache_clear()` bumps every topic (`manage.py public_cache_clear`, after a deploy
  whose migrations changed reference data).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

#: The cache alias public pages use (`CACHES` in settings).
CACHE_ALIAS = "default"
#: How long a page stays without a change to its topics (a safety net: changes bump versions).
PAGE_TIMEOUT = 60 * 60
TOPICS = ("catalog", "directory", "api", "portal")
#: Headers of the stored answer that are replayed (the rest come from middleware each time).
_KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")


def _cache():
    return caches[CACHE_ALIAS]


def _version_key(topic: str) -> str:
    return f"continuum:topic:{topic}"


def topic_versions(topics: tuple[str, ...]) -> str:
    """The current versions of `topics`, as one part of a key (one cache round trip)."""
    cache = _cache()
    keys = [_version_key(topic) for topic in topics]
    found = cache.get_many(keys)
    missing = {key: 1 for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found |= missing
    return ".".join(str(found[key]) for key in keys)


def _bump(topic: str) -> None:
    cache = _cache()
    key = _version_key(topic)
    try:
        cache.incr(key)
    except ValueError:  # not there (evicted, or never read): any new value invalidates
        cache.set(key, 2, timeout=None)


def topic_changed(topic: str) -> None:
    """Pages built from `topic` are stale: rebuild them once the current transaction commits
    (at once outside a transaction). Call it from the service that makes the change."""
    if topic not in TOPICS:
        raise ValueError(f"Unknown cache topic {topic!r}.")
    transaction.on_commit(functools.partial(_bump, topic))


def public_cache_clear() -> None:
    for topic in TOPICS:
        _bump(topic)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # a session may carry a flash message or a draft: not a shared page
    return not len(get_messages(request))


def _page_key(
    request: HttpRequest, view_name: str, topics: tuple[str, ...], extra: str = ""
) -> str:
    htmx = getattr(request, "htmx", None)
    fragment = "full"
    if htmx and not htmx.history_restore_request:
        fragment = "htmx-boosted" if htmx.boosted else "htmx"
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return ":".join(
        [
            "continuum:page",
            view_name,
            translation.get_language() or "",
            fragment,
            timezone.localdate().isoformat(),
            topic_versions(topics),
            extra,
            path,
        ]
    )


def public_page(
    *topics: str, timeout: int = PAGE_TIMEOUT, key_extra: Callable[[], str] | None = None
) -> Callable:
    """Serve a public view's anonymous answers from the cache (see the module's docstring).
    `key_extra()` adds to the key what else the page depends on (the API schema's digest, so
    that a deploy that changes the API never serves the old reference from a shared Redis)."""
    for topic in topics:
        if topic not in TOPICS:
            raise ValueError(f"Unknown cache topic {topic!r}.")

    def decorate(view):
        view_name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _page_key(request, view_name, topics, key_extra() if key_extra else "")
            stored = _cache().get(key)
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not response.has_header("Cache-Control")
            ):
                headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
                _cache().set(key, (response.content, headers), timeout)
            return response

        return wrapped

    return decorate
