"""The error pages say what happened and what to do next; the 500 page needs nothing to render."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import loader
from django.test import RequestFactory

from continuum.core import views

from .conftest import VIEWPORTS


def test_500_page_renders_with_a_bare_context_and_no_database():
    # No django_db mark: any database access here raises.
    html = loader.get_template("500.html").render()
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html
    assert "/static/css/continuum.css" in html
    assert "Continuum" in html  # the site name's default, without the context processor


def test_500_handler_touches_no_database():
    request = RequestFactory().get("/anything/")
    response = views.error_500(request)  # no django_db mark: a query would raise
    from config import urls

    assert urls.handler500 == "continuum.core.views.error_500"
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.django_db
def test_404_page_explains_and_links_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert "<title>Page not found | Continuum</title>" in html
    assert 'href="/"' in html
    assert "sign in" in html


def test_403_page_explains_and_links_home():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = views.error_403(request)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You can’t do that here" in html
    assert 'href="/"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@VIEWPORTS
def test_500_page_has_no_accessibility_violations(page, axe):
    """Served at a live-server address, so its styles and scripts load as they would for real."""
    html = loader.get_template("500.html").render()
    page.route(
        "**/server-error-preview/",
        lambda route: route.fulfill(
            status=500, headers={"Content-Type": "text/html; charset=utf-8"}, body=html
        ),
    )
    page.goto("/server-error-preview/")
    assert page.locator("link[rel=stylesheet]").evaluate("link => link.sheet !== null")
    assert page.get_by_role("heading", level=1).inner_text() == "Something went wrong on our side"
    axe(page)
