from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from continuum.catalog.selectors import goals_all, programs_with_services


@login_not_required
def home(request):
    return render(
        request,
        "core/home.html",
        {"programs": programs_with_services(), "goals": goals_all()},
    )


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_500(request):
    return render(request, "500.html", status=500)
