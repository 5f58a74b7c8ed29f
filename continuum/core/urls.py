from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("foia/", views.foia, name="foia"),
    path("no-fear-act/", views.no_fear_act, name="no_fear_act"),
]
