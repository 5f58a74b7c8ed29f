"""The "How to ask for assistance" section links to the request form only when it exists."""

import pytest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse


@pytest.mark.urls("continuum.catalog.tests.urls_without_request_form")
def test_without_the_request_form_it_gives_contacts_and_no_dead_link():
    with pytest.raises(NoReverseMatch):
        reverse("intake:request_start")
    html = render_to_string("components/how_to_ask.html")
    assert 'id="how-to-ask"' in html
    assert "Online requests are not open yet" in html
    assert 'href="mailto:AskCopsRC@usdoj.gov"' in html
    assert "Start a request" not in html


@pytest.mark.urls("continuum.catalog.tests.urls_with_request_form")
def test_with_the_request_form_it_links_to_it():
    html = render_to_string("components/how_to_ask.html")
    assert '<a class="usa-button usa-button--big" href="/request/">' in html
    assert "Online requests are not open yet" not in html
