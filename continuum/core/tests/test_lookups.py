"""`one_by_public_id`: the row or None, read without ORDER BY or LIMIT."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuum.core.lookups import one_by_public_id
from continuum.engagements.models import Engagement
from continuum.engagements.tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db


def test_the_row_with_the_public_id_or_none():
    engagement, _other = EngagementFactory(), EngagementFactory()
    related = Engagement.objects.select_related("agency__state", "program")
    with CaptureQueriesContext(connection) as captured:
        found = one_by_public_id(related, engagement.public_id)
        assert one_by_public_id(related, uuid.uuid4()) is None
    assert found == engagement
    assert found.agency.state == engagement.agency.state  # joined, not read again
    assert len(captured) == 2
    for query in captured.captured_queries:
        assert "ORDER BY" not in query["sql"] and "LIMIT" not in query["sql"], query["sql"]
