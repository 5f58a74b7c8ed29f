from django.urls import path

from .views import calendar, detail, meetings, peer_exchange

app_name = "engagements"

urlpatterns = [
    path("<uuid:public_id>/", detail.engagement_detail, name="detail"),
    # meetings and the calendar (issue 9 §5)
    path(
        "<uuid:public_id>/meetings/new/",
        meetings.meeting_schedule_view,
        name="meeting_schedule",
    ),
    path("meetings/<uuid:meeting_id>/edit/", meetings.meeting_edit_view, name="meeting_edit"),
    path("meetings/<uuid:meeting_id>/cancel/", meetings.meeting_cancel_view, name="meeting_cancel"),
    path("calendar/", calendar.calendar_view, name="calendar"),
    path("calendar/feed/new/", calendar.calendar_feed_new, name="calendar_feed_new"),
    path("calendar/feed/off/", calendar.calendar_feed_off, name="calendar_feed_off"),
    path("calendar/<str:secret>.ics", calendar.calendar_feed, name="calendar_feed"),
    # peer exchange (issue 9 §6)
    path(
        "<uuid:public_id>/peer-exchange/",
        peer_exchange.peer_exchange_view,
        name="peer_exchange",
    ),
]
