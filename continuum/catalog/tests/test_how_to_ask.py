"""The "How to ask for assistance" section links to the request form."""

from django.template.loader import render_to_string


def test_it_links_to_the_request_form(db):
    html = render_to_string("components/how_to_ask.html")
    assert 'id="how-to-ask"' in html
    assert '<a class="usa-button usa-button--big" href="/request/">' in html
    assert "Online requests are not open yet" not in html
