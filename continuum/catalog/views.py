from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from .selectors import goals_all, programs_with_services


@login_not_required
def program_list(request):
    return render(request, "catalog/program_list.html", {"programs": programs_with_services()})


@login_not_required
def program_detail(request, slug: str):
    programs = list(programs_with_services())
    program = next((p for p in programs if p.slug == slug), None)
    if program is None:
        raise Http404("No such program.")
    return render(
        request,
        "catalog/program_detail.html",
        {"program": program, "programs": programs, "goals": goals_all()},
    )
