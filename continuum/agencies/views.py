from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from continuum.core.cache import public_page

from .choices import AgencyType
from .forms import DirectorySearchForm
from .selectors import agency_public, agency_search

RESULTS_PER_PAGE = 25
SUGGESTIONS_LIMIT = 10


def _fragment(request) -> str | None:
    """Which fragment an htmx request asks for ("results" or "suggestions"), else None."""
    # A history restore after a cache miss needs the whole page, not a fragment.
    if not request.htmx or request.htmx.history_restore_request:
        return None
    return "suggestions" if request.GET.get("fragment") == "suggestions" else "results"


def _agency_type_label(form) -> str:
    value = form.cleaned_data.get("agency_type") if form.is_bound and form.is_valid() else ""
    return AgencyType(value).label if value else ""


@login_not_required
@require_GET
@public_page("directory")
def directory(request):
    """The public directory: search by name, city, county or ORI; filter by state and type.

    A plain GET form that works without JavaScript. htmx requests get the `results` fragment
    only; a type-ahead elsewhere (the request form) can ask for `?fragment=suggestions`: up to
    ten matches as radio buttons named "agency".
    """
    form = DirectorySearchForm(request.GET or None)
    agencies = None
    if form.is_bound and form.is_valid() and form.has_criteria():
        agencies = agency_search(
            query=form.cleaned_data["q"],
            state=form.cleaned_data["state"],
            agency_type=form.cleaned_data["agency_type"] or None,
        )
    fragment = _fragment(request)
    if fragment == "suggestions":
        suggestions = list(agencies[:SUGGESTIONS_LIMIT]) if agencies is not None else []
        context = {"form": form, "searched": agencies is not None, "suggestions": suggestions}
    else:
        page = None
        if agencies is not None:
            page = Paginator(agencies, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            "form": form,
            "searched": agencies is not None,
            "page": page,
            "agency_type_label": _agency_type_label(form),
            "page_range": (
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
                if page
                else []
            ),
        }
    template = "agencies/directory.html" + (f"#{fragment}" if fragment else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_not_required
@require_GET
@public_page("directory")
def agency_detail(request, pk: int):
    """One agency's directory entry (public information)."""
    agency = agency_public(pk=pk)
    if agency is None:
        raise Http404("No agency in the directory has this number.")
    return render(request, "agencies/agency_detail.html", {"agency": agency})
