"""Keyset pages and bounded counts (`continuum.core.paging`), on a real table."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from continuum.core.paging import BoundedCount, bounded_counts, keyset_page
from continuum.intake.models import AssistanceRequest
from continuum.intake.tests.factories import RawSubmittedRequestFactory

pytestmark = pytest.mark.django_db


def _walk(queryset, keys, size, *, tag="t"):
    """Every page forward from the first, then every page back from the last."""
    forward, pages, cursor = [], [], None
    while True:
        page = keyset_page(queryset, keys=keys, cursor=cursor, size=size, tag=tag)
        pages.append(page)
        forward += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    backward, page = [], pages[-1]
    while page.prev_cursor:
        page = keyset_page(queryset, keys=keys, cursor=page.prev_cursor, size=size, tag=tag)
        backward = [row.pk for row in page.rows] + backward
    return forward, backward + [row.pk for row in pages[-1].rows], pages


@pytest.mark.parametrize(
    "keys",
    [("-submitted_at", "-pk"), ("submitted_at", "pk"), ("agency_sort_name", "pk"), ("-pk",)],
)
@pytest.mark.parametrize("size", [1, 3, 7, 50])
def test_pages_cover_the_list_once_in_order_both_ways(keys, size):
    rng = random.Random(8)
    base = timezone.now() - datetime.timedelta(days=30)
    names = ["Alpha PD", "beta sheriff", "Gamma Police", "alpha pd"]
    for _ in range(17):  # ties on every key but the pk, on purpose
        RawSubmittedRequestFactory(
            submitted_at=base + datetime.timedelta(days=rng.randint(0, 3)),
            agency_sort_name=rng.choice(names),
        )
    queryset = AssistanceRequest.objects.order_by(*keys)
    expected = list(queryset.values_list("pk", flat=True))
    forward, back_and_forth, pages = _walk(queryset, keys, size)
    assert forward == expected
    assert back_and_forth[-len(expected) :] == expected
    assert pages[0].prev_cursor is None and pages[0].is_first
    assert all(len(page.rows) == size for page in pages[:-1])


def test_a_cursor_of_another_list_or_a_forged_one_is_refused():
    for _ in range(3):
        RawSubmittedRequestFactory()
    queryset = AssistanceRequest.objects.order_by("-pk")
    cursor = keyset_page(queryset, keys=("-pk",), size=1, tag="a").next_cursor
    assert keyset_page(queryset, keys=("-pk",), size=1, tag="a", cursor=cursor).rows
    forged = cursor[:-2] + ("yy" if cursor.endswith("xx") else "xx")  # always differs
    for bad in [forged, "x" * 5000, "garbage", cursor.split(":")[0]]:
        with pytest.raises(ValidationError, match="out of date or broken"):
            keyset_page(queryset, keys=("-pk",), size=1, tag="a", cursor=bad)
    with pytest.raises(ValidationError):
        keyset_page(queryset, keys=("-pk",), size=1, tag="b", cursor=cursor)


def test_parts_are_merged_in_order():
    rows = [RawSubmittedRequestFactory() for _ in range(9)]
    odd = AssistanceRequest.objects.filter(pk__in=[r.pk for r in rows[::2]])
    even = AssistanceRequest.objects.filter(pk__in=[r.pk for r in rows[1::2]])
    everything = AssistanceRequest.objects.all()
    seen, cursor = [], None
    while True:
        page = keyset_page(everything, keys=("-pk",), size=2, cursor=cursor, parts=[odd, even])
        seen += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == sorted((r.pk for r in rows), reverse=True)


def test_rows_are_read_by_the_pages_ids_from_the_rows_queryset(django_assert_num_queries):
    made = [RawSubmittedRequestFactory() for _ in range(5)]
    chosen = AssistanceRequest.objects.filter(pk__in=[r.pk for r in made[1:4]])
    rows = AssistanceRequest.objects.select_related("agency")
    with django_assert_num_queries(2):  # the page's ids, then its rows with their agency
        page = keyset_page(chosen, keys=("-pk",), size=2, rows=rows)
        agencies = [row.agency for row in page.rows]
    assert [row.pk for row in page.rows] == [made[3].pk, made[2].pk]  # the ids: `chosen`'s
    assert len(agencies) == 2
    page = keyset_page(chosen, keys=("-pk",), size=2, cursor=page.next_cursor, rows=rows)
    assert [row.pk for row in page.rows] == [made[1].pk] and page.next_cursor is None


def test_bounded_counts_stop_at_the_cap_in_one_query(django_assert_num_queries):
    for _ in range(5):
        RawSubmittedRequestFactory()
    with django_assert_num_queries(1):
        counts = bounded_counts(
            {
                "all": AssistanceRequest.objects.all(),
                "none": AssistanceRequest.objects.filter(pk__lt=0),
            },
            cap=3,
        )
    assert counts["all"] == 3 and counts["all"].capped and str(counts["all"]) == "3+"
    assert counts["none"] == 0 and not counts["none"].capped
    exact = bounded_counts({"all": AssistanceRequest.objects.all()}, cap=5)["all"]
    assert exact == 5 and not exact.capped and str(BoundedCount(1234, cap=2000)) == "1,234"
