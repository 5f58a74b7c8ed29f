"""The layout's navigation marks where the visitor is (server-side checks, no browser)."""

import re

import pytest

from continuum.catalog.models import Program

pytestmark = pytest.mark.django_db


def current_links(html: str) -> dict[str, str]:
    """The primary navigation's links marked current: their text and aria-current value."""
    navigation = html.split('aria-label="Primary navigation"', 1)[1].split("</nav>", 1)[0]
    marked = {}
    for attributes, text in re.findall(r"<a ([^>]*)><span>([^<]+)</span></a>", navigation):
        current = re.search(r'aria-current="([^"]+)"', attributes)
        if current:
            assert "usa-current" in attributes
            marked[text] = current.group(1)
        else:
            assert "usa-current" not in attributes
    return marked


def test_home_is_current_on_the_home_page(client):
    assert current_links(client.get("/").content.decode()) == {"Home": "page"}


def test_programs_is_the_page_on_the_list_and_the_section_on_a_program(client):
    program = Program.objects.active().first()
    assert current_links(client.get("/programs/").content.decode()) == {"Programs": "page"}
    detail = client.get(program.get_absolute_url()).content.decode()
    assert current_links(detail) == {"Programs": "true"}


def test_agency_directory_and_sign_in_are_current_on_their_pages(client):
    assert current_links(client.get("/agencies/").content.decode()) == {"Agency directory": "page"}
    assert current_links(client.get("/accounts/sign-in/").content.decode()) == {"Sign in": "page"}


def test_nothing_is_current_on_an_error_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert current_links(response.content.decode()) == {}


def test_every_page_title_names_the_page_then_the_site(client):
    assert "<title>Programs | Continuum</title>" in client.get("/programs/").content.decode()
