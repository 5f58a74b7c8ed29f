from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from continuum.catalog.selectors import goals_all, programs_with_services

from .cache import public_page


@login_not_required
@public_page("catalog")
def home(request):
    return render(
        request,
        "core/home.html",
        {"programs": programs_with_services(), "goals": goals_all()},
    )


def _site_page(slug: str):
    from .site_pages import SITE_PAGES

    _name, title, template = SITE_PAGES[slug]

    @login_not_required
    @require_GET
    def view(request):
        return render(request, template, {"page_title": title})

    view.__name__ = f"site_page_{slug.replace('-', '_')}"
    return view


about = _site_page("about")
accessibility = _site_page("accessibility")
privacy = _site_page("privacy")
foia = _site_page("foia")
no_fear_act = _site_page("no-fear-act")


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_500(request):
    # Bare render, as Django's own handler does: no request context, no database, so the page
    # still shows when whatever broke was the database or a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render())


@login_not_required
def csrf_failure(request, reason=""):
    """A form sent from an expired or stale page (CSRF_FAILURE_VIEW)."""
    html = loader.get_template("403_csrf.html").render({"request": request}, request)
    return HttpResponseForbidden(html)
