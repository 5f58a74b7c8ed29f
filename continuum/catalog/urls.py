from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.program_list, name="programs"),
    path("<slug:slug>/", views.program_detail, name="program"),
]
