"""URLs of the activity app: program staff's outbox pages (under outbox/)."""

from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
]
