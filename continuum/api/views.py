"""The "API tokens" page: a signed-in person makes and revokes their own tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from continuum.core.cache import public_page

from .forms import ApiTokenCreateForm
from .reference import api_reference
from .selectors import api_token_of_viewer, api_tokens_of
from .services import api_token_issue, api_token_revoke


def _api():
    from .api import api

    return api


@require_http_methods(["GET", "POST"])
def tokens(request):
    form = ApiTokenCreateForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_issue(
                actor=request.user, user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            form = ApiTokenCreateForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "issued": issued, "tokens": api_tokens_of(viewer=request.user)},
        status=422 if form.errors else 200,
    )


@require_POST
def token_revoke(request, pk: int):
    token = api_token_of_viewer(viewer=request.user, pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked. It no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")


@login_not_required
@public_page("api", key_extra=lambda: _api().schema_digest())
def reference(request):
    """The API reference for people, built from the same schema as /api/openapi.json."""
    from .api import api

    schema = api.get_openapi_schema()
    return render(
        request,
        "api/reference.html",
        {"info": schema.get("info", {}), "sections": api_reference(schema)},
    )
