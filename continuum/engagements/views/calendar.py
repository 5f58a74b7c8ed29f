"""The signed-in person's calendar (a month of meetings and milestone due dates, as a list by
day, at most `DAY_LIMIT` entries a day), one day of it in full (`calendar/2026-12-03/`, keyset
pages), the management of their private feed, and the feed itself.

The feed (`/engagements/calendar/<secret>.ics`) needs no session: the secret is the key. A wrong
or revoked secret, or one of a turned-off account, gets 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from continuum.accounts.services.email import site_url

from ..ical import feed_ics
from ..services.calendar import (
    Month,
    calendar_day,
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_touch,
    calendar_month,
    feed_for_secret,
    feed_meetings,
    feed_name,
    live_feed_of,
    parse_day,
)
from ..services.meetings import TIME_ZONE_LABEL


def _page(
    request: HttpRequest, *, new_feed_url: str = "", bad_day: bool = False, status: int = 200
) -> HttpResponse:
    month = None if bad_day else Month.parse(request.GET.get("month"))
    bad_month = not bad_day and bool(request.GET.get("month")) and month is None
    month = month or Month.current()
    response = render(
        request,
        "engagements/calendar.html",
        {
            "month": month,
            "month_start": month.first_day,
            "days": calendar_month(request.user, month),
            "previous": month.previous,
            "next": month.next,
            "this_month": Month.current(),
            "bad_month": bad_month,
            "bad_day": bad_day,
            "feed": live_feed_of(request.user),
            "new_feed_url": new_feed_url,
            "zone": TIME_ZONE_LABEL,
        },
        status=400 if bad_month or bad_day else status,
    )
    if new_feed_url:
        add_never_cache_headers(response)  # the secret is shown once: keep it out of caches
    return response


def _day_page(request: HttpRequest, day: datetime.date) -> HttpResponse:
    problems: list[str] = []
    cursors = {
        "meetings_cursor": request.GET.get("meetings") or None,
        "milestones_cursor": request.GET.get("milestones") or None,
    }
    try:
        pages = calendar_day(request.user, day, **cursors)
    except ValidationError as error:  # a stale or broken page link: the day's first pages
        problems += error.messages
        pages = calendar_day(request.user, day)
    return render(
        request,
        "engagements/calendar_day.html",
        {
            "day": pages,
            "month": Month(day.year, day.month),
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1),
            "problems": problems,
            "zone": TIME_ZONE_LABEL,
        },
    )


@require_GET
def calendar_view(request: HttpRequest):
    """A month (`?month=2026-12`; this month without one)."""
    return _page(request)


@require_GET
def calendar_day_view(request: HttpRequest, day: str):
    """One day, every entry (`calendar/2026-12-03/`). A day that cannot be read gets this month
    with a message (400), as a bad month does."""
    date = parse_day(day)
    if date is None:
        return _page(request, bad_day=True)
    return _day_page(request, date)


@require_POST
def calendar_feed_new(request: HttpRequest):
    """Make a new feed link (revoking the old one) and show it, this once."""
    _feed, secret = calendar_feed_create(actor=request.user)
    url = site_url(reverse("engagements:calendar_feed", kwargs={"secret": secret}))
    return _page(request, new_feed_url=url)


@require_POST
def calendar_feed_off(request: HttpRequest):
    if calendar_feed_revoke(actor=request.user):
        messages.success(
            request, _("Your calendar feed is turned off. Calendars using its link get nothing.")
        )
    else:
        messages.info(request, _("You had no calendar feed turned on."))
    return redirect("engagements:calendar")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, secret: str):
    feed = feed_for_secret(secret)
    if feed is None:
        raise Http404("No such calendar feed.")
    calendar_feed_touch(feed=feed)
    body = feed_ics(feed_meetings(feed.user), name=feed_name(feed.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="continuum.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response
