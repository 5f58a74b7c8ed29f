from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("", views.dashboard, name="dashboard"),
]
