"""The submission email states the one promise in words that agree with the number."""

import pytest

from continuum.activity.outbox.models import MessageTemplate, OutboundMessage
from continuum.activity.outbox.rendering import render_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days", "words"), [(1, "1 business day."), (2, "2 business days.")])
def test_the_confirmation_says_day_or_days(days, words):
    template = MessageTemplate.objects.get(key="intake.submission_confirmation")
    body = render_body(template.body, {**template.sample_context, "response_days": days})
    assert f"within {words}" in body
    assert OutboundMessage.objects.count() == 0  # rendering queues nothing
