from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from continuum.core.cache import public_page

from .selectors import partners_current, program_on_continuum, programs_with_services, topics_active


@login_not_required
@public_page("catalog")
def program_list(request):
    return render(
        request,
        "catalog/program_list.html",
        {"programs": programs_with_services(), "topics": topics_active()},
    )


@login_not_required
@public_page("catalog")
def program_detail(request, slug: str):
    placed = program_on_continuum(slug=slug)
    if placed is None:
        raise Http404("No such program.")
    partners = (
        partners_current(on=timezone.localdate()) if placed.program.delivered_by_partners else None
    )
    return render(
        request,
        "catalog/program_detail.html",
        {"program": placed.program, "placed": placed, "partners": partners},
    )
