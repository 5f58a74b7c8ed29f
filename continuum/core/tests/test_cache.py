"""Public pages in the cache (`continuum.core.cache`, ADR 0013): served without the database
to anonymous visitors, never to signed-in people, and rebuilt at once after a change."""

from __future__ import annotations

import socket
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from continuum.accounts.tests.factories import AdministratorFactory, ProgramStaffFactory
from continuum.agencies.models import Agency
from continuum.agencies.services import agency_save
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.models import Goal, Program
from continuum.catalog.services import catalog_object_save
from continuum.core import cache as page_cache

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
PROGRAMS = reverse("catalog:programs")
DIRECTORY = reverse("agencies:directory")


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(
    client, django_assert_num_queries
):
    first = client.get(PROGRAMS).content
    with django_assert_num_queries(0):
        again = client.get(PROGRAMS)
    assert again.content == first
    assert again["Content-Type"].startswith("text/html")
    assert "no-store" not in again.get("Cache-Control", "")
    assert "Content-Security-Policy" in again  # the middleware still adds its headers


def test_a_catalog_change_shows_on_the_public_pages_at_once(
    client, django_capture_on_commit_callbacks
):
    for url in (HOME, PROGRAMS):
        client.get(url)  # cached now
    program = Program.objects.get(slug="cri-tac")
    program.name = "The Renamed Technical Assistance Center"
    with django_capture_on_commit_callbacks(execute=True):
        catalog_object_save(obj=program)
    for url in (HOME, PROGRAMS):
        assert "The Renamed Technical Assistance Center" in client.get(url).content.decode()


def test_an_edit_in_the_admin_shows_on_the_home_page_at_once(
    client, django_capture_on_commit_callbacks
):
    goal = Goal.objects.order_by("number").first()
    assert goal.name in client.get(HOME).content.decode()
    admin = Client_for(AdministratorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:catalog_goal_change", args=[goal.pk]),
            {
                "number": goal.number,
                "slug": goal.slug,
                "name": "Goal renamed in the admin",
                "summary": goal.summary,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Goal renamed in the admin" in client.get(HOME).content.decode()


def Client_for(user):  # noqa: N802 (reads like a constructor)
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_directory_change_shows_on_the_directory_search_at_once(
    client, django_capture_on_commit_callbacks
):
    agency = AgencyFactory(name="Quillfeather Police Department")
    search = {"q": "quillfeather"}
    assert "Quillfeather Police Department" in client.get(DIRECTORY, search).content.decode()
    detail = reverse("agencies:agency", args=[agency.pk])
    client.get(detail)
    agency.name = "Quillfeather Metropolitan Police"
    with django_capture_on_commit_callbacks(execute=True):
        agency_save(agency=agency)
    assert "Quillfeather Metropolitan Police" in client.get(DIRECTORY, search).content.decode()
    assert "Quillfeather Metropolitan Police" in client.get(detail).content.decode()
    # The renamed agency is found by its new words (FTS5 on SQLite, trigram on PostgreSQL).
    found = client.get(DIRECTORY, {"q": "quillfeather metropolitan"}).content.decode()
    assert "Quillfeather Metropolitan Police" in found


def test_signed_in_people_never_get_or_fill_the_shared_cache(client, django_assert_num_queries):
    staff = Client_for(ProgramStaffFactory())
    for _ in range(2):
        response = staff.get(PROGRAMS)
        assert "no-store" in response["Cache-Control"]
    assert not _cached_page_keys()
    client.get(PROGRAMS)  # an anonymous visitor fills it
    response = staff.get(PROGRAMS)
    assert "no-store" in response["Cache-Control"]
    assert "Sign out" in response.content.decode() or "sign-out" in response.content.decode()


def _cached_page_keys():
    store = caches["default"]
    return [key for key in getattr(store, "_cache", {}) if "continuum:page" in key]


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, django_assert_num_queries):
    client.get(PROGRAMS)
    client.cookies["sessionid"] = "someone"
    with django_assert_num_queries(4, exact=False):  # built again (queries run)
        client.get(PROGRAMS)


def test_keys_vary_on_language_fragment_and_query():
    from django.test import RequestFactory

    factory = RequestFactory()
    plain = factory.get(DIRECTORY, {"q": "arlington"})
    plain.htmx = None
    other_query = factory.get(DIRECTORY, {"q": "arlingto"})
    other_query.htmx = None
    key = page_cache._page_key(plain, "v", ("directory",))
    assert key != page_cache._page_key(other_query, "v", ("directory",))
    with translation.override("es"):
        assert key != page_cache._page_key(plain, "v", ("directory",))


def test_the_openapi_schema_is_built_once_and_served_without_queries(
    client, django_assert_num_queries
):
    from continuum.api.api import api

    assert api.get_openapi_schema() is api.get_openapi_schema()
    with django_assert_num_queries(0):
        first = client.get("/api/openapi.json")
    assert first.status_code == 200
    # Then its JSON comes from the page cache, not written again from the schema.
    with mock.patch.object(api, "get_openapi_schema", side_effect=AssertionError("rebuilt")):
        again = client.get("/api/openapi.json")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert "no-store" not in again.get("Cache-Control", "")
    client.get(reverse("api_reference"))
    with django_assert_num_queries(0):
        assert client.get(reverse("api_reference")).status_code == 200


def _redis_url() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/15"
    except OSError:
        return None


@pytest.mark.skipif(_redis_url() is None, reason="no Redis at 127.0.0.1:6379 (CI has one)")
def test_the_same_invalidation_works_on_redis(client, django_capture_on_commit_callbacks):
    from config.settings.base import cache_settings

    with override_settings(CACHES={**settings.CACHES, "default": cache_settings(_redis_url())}):
        caches["default"].clear()
        try:
            client.get(PROGRAMS)
            assert caches["default"].get(page_cache._version_key("catalog")) == 1
            program = Program.objects.get(slug="cri-tac")
            program.name = "Renamed While On Redis"
            with django_capture_on_commit_callbacks(execute=True):
                catalog_object_save(obj=program)
            assert "Renamed While On Redis" in client.get(PROGRAMS).content.decode()
        finally:
            caches["default"].clear()


def test_unknown_topics_are_refused():
    with pytest.raises(ValueError):
        page_cache.topic_changed("weather")
    with pytest.raises(ValueError):
        page_cache.public_page("weather")


def test_agency_rename_keeps_the_queue_sort_name(django_capture_on_commit_callbacks):
    from continuum.intake.tests.factories import RawSubmittedRequestFactory

    ar = RawSubmittedRequestFactory(agency=AgencyFactory(name="Zebra Town Police"))
    agency = Agency.objects.get(pk=ar.agency_id)
    agency.name = "Aardvark Town Police"
    agency_save(agency=agency)
    ar.refresh_from_db()
    assert ar.agency_sort_name == "aardvark town police"
