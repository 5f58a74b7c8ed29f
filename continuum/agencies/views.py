from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def directory(request):
    # Built out by the agencies work: search form, results, paging.
    return render(request, "agencies/directory.html", {})
