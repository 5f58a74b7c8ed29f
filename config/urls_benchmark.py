"""The load benchmark's URLconf: the real site, plus a bare reference view.

Used only by `config.settings.benchmark` (the load benchmark's server, `benchmarks/load.py`).
The bare view answers "ok" through the whole middleware stack and nothing else: its
throughput is the ceiling of this framework and configuration on this machine, and every
page is measured against it. The empty page is the site's layout (header, navigation, footer)
around one heading, with no query of its own: asked signed in, it is the floor of every
signed-in page (session, user, CSRF token and layout), so a page's share of the bare view can
be read against what any signed-in page can reach. Neither exists anywhere else: the site's
own URLconf (`config.urls`, used by the test suite and its URL access walk) does not have them.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from config.urls import handler403, handler404, handler500  # noqa: F401 - the site's error pages
from continuum.core.access import AccessMapMiddleware

#: The reference view's URL name and address.
BARE_VIEW_NAME = "benchmark_bare"
BARE_VIEW_PATH = "benchmark/bare/"
#: The empty page's URL name and address.
EMPTY_PAGE_NAME = "benchmark_empty_page"
EMPTY_PAGE_PATH = "benchmark/empty-page/"
_EMPTY_PAGE = engines["django"].from_string(
    "{% extends 'base.html' %}{% block title %}Empty page{% endblock %}"
    "{% block content %}<h1>Empty page</h1>{% endblock %}"
)


@login_not_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def empty_page(request):
    return HttpResponse(_EMPTY_PAGE.render({}, request))


class BenchmarkAccessMapMiddleware(AccessMapMiddleware):
    """The access map, which lets the reference views through (they are in no map: they are not
    the site's).

    Everything else is decided by the real middleware, so each page costs what it costs in
    production.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in (BARE_VIEW_NAME, EMPTY_PAGE_NAME):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


urlpatterns = [
    path(BARE_VIEW_PATH, bare, name=BARE_VIEW_NAME),
    path(EMPTY_PAGE_PATH, empty_page, name=EMPTY_PAGE_NAME),
    path("", include("config.urls")),
]
