from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.agency_detail, name="agency"),
]
