"""The load benchmark's URLconf: the real site, plus a bare reference view.

Used only by `config.settings.benchmark` (the load benchmark's server, `benchmarks/load.py`).
The bare view answers "ok" through the whole middleware stack and nothing else: its
throughput is the ceiling of this framework and configuration on this machine, and every
page is measured against it. It exists nowhere else: the site's own URLconf (`config.urls`,
used by the test suite and its URL access walk) does not have it.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

from config.urls import handler403, handler404, handler500  # noqa: F401 - the site's error pages
from continuum.core.access import AccessMapMiddleware

#: The reference view's URL name and address.
BARE_VIEW_NAME = "benchmark_bare"
BARE_VIEW_PATH = "benchmark/bare/"


@login_not_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


class BenchmarkAccessMapMiddleware(AccessMapMiddleware):
    """The access map, which lets the bare view through (it is in no map: it is not the site's).

    Everything else is decided by the real middleware, so each page costs what it costs in
    production.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name == BARE_VIEW_NAME:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


urlpatterns = [
    path(BARE_VIEW_PATH, bare, name=BARE_VIEW_NAME),
    path("", include("config.urls")),
]
