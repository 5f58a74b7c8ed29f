from django.urls import path

from . import views, views_staff

app_name = "agencies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.agency_detail, name="agency"),
    path("add/", views_staff.agency_add, name="agency_add"),
]
