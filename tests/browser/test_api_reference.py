"""The API reference page passes axe at both widths (Swagger UI did not, so it is off)."""

import pytest

from .conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@VIEWPORTS
def test_api_reference_page(page, axe):
    response = page.goto("/api/docs/")
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", name="Getting started").is_visible()
    axe(page)
