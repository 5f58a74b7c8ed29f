"""`Cache-Control: no-store` on private responses: everything a signed-in person gets, and the
API's answers (errors included) except its public schema and reference; public pages seen by
anonymous visitors keep their own cacheability."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import patch_cache_control

from continuum.accounts.tests.factories import UserFactory
from continuum.api.services import api_token_issue
from continuum.core.middleware import NoStoreMiddleware

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_public_pages_for_anonymous_visitors_are_not_marked(client):
    for path in ("/", "/programs/", "/api/openapi.json", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not _no_store(response), path


def test_every_page_for_a_signed_in_person_is_no_store(client):
    client.force_login(UserFactory())
    for path in ("/", "/programs/", reverse("accounts:dashboard"), reverse("api:tokens")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), path
        assert "private" in response["Cache-Control"], path


def test_api_answers_are_no_store_with_or_without_a_token(client):
    user = UserFactory()
    key = api_token_issue(actor=user, user=user, name="Cache test").key
    anonymous = client.get("/api/v1/requests/")
    assert anonymous.status_code == 401
    assert _no_store(anonymous)
    with_token = client.get("/api/v1/requests/", headers={"Authorization": f"Bearer {key}"})
    assert with_token.status_code == 200
    assert _no_store(with_token)
    assert _no_store(client.get("/api/v1/no-such-operation"))


def test_a_cacheable_response_stays_cacheable_for_anonymous_visitors_only():
    def cacheable(request):
        response = HttpResponse("public page")
        patch_cache_control(response, public=True, max_age=600)
        return response

    middleware = NoStoreMiddleware(cacheable)
    request = RequestFactory().get("/programs/")
    request.user = AnonymousUser()
    response = middleware(request)
    assert response["Cache-Control"] == "public, max-age=600"

    request = RequestFactory().get("/programs/")
    request.user = UserFactory()
    response = middleware(request)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "max-age=0"} <= directives
    assert "public" not in directives
