"""Issue 7 §6: the pages every federal site carries, public and linked from the footer's USWDS
identifier; the site's name (never the host name) in titles and the header; help contacts."""

import pytest
from django.urls import reverse

from continuum.core.access import ACCESS_MAP, Access
from continuum.core.site_pages import SITE_PAGES

pytestmark = pytest.mark.django_db

REQUIRED_LINKS = {
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/foia/",
    "/no-fear-act/",
    "https://oig.justice.gov/",
    "https://www.usa.gov/",
}


@pytest.mark.parametrize("slug", list(SITE_PAGES))
def test_each_federal_page_is_public_written_for_this_site_and_names_whom_to_ask(client, slug):
    url_name, title, _template = SITE_PAGES[slug]
    assert ACCESS_MAP[url_name] is Access.PUBLIC
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f"<title>{title} | Continuum</title>" in html
    assert "mailto:AskCopsRC@usdoj.gov" in html and "tel:800-421-6770" in html


def test_the_footer_identifier_links_every_required_page(client):
    html = client.get("/").content.decode()
    identifier = html.split('class="usa-identifier"', 1)[1]
    for href in REQUIRED_LINKS:
        assert f'href="{href}"' in identifier, href


@pytest.mark.parametrize(
    "url", ["/accounts/sign-in/", "/accounts/password/reset/", "/accounts/password/reset/sent/"]
)
def test_auth_pages_show_the_site_name_not_the_host_name(client, url):
    html = client.get(url).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.endswith("| Continuum") and "testserver" not in title
    assert "About Continuum" in html
    assert "testserver" not in html.split("<main", 1)[0]  # the header


def test_the_privacy_act_statement_and_help_are_on_the_request_form(client):
    html = client.get(reverse("intake:request_start")).content.decode()
    assert "Privacy Act statement" in html
    assert "Need help with this form?" in html
    response = client.post(reverse("intake:request_start"))
    step = client.get(response["Location"]).content.decode()
    assert "Need help with this form?" in step
    assert "tel:800-421-6770" in step
