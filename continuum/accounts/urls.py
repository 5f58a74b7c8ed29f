from django.urls import path

from . import views, views_memberships, views_profile

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("verify-email/resend/", views.verify_email_resend, name="verify_email_resend"),
    path("verify-email/<str:token>/", views.verify_email, name="verify_email"),
    # Program staff: agency memberships waiting for verification
    path("memberships/", views_memberships.membership_queue, name="membership_queue"),
    path("memberships/<int:pk>/", views_memberships.membership_detail, name="membership_detail"),
    path(
        "memberships/<int:pk>/verify/",
        views_memberships.membership_verify,
        name="membership_verify",
    ),
    path(
        "memberships/<int:pk>/refuse/",
        views_memberships.membership_refuse,
        name="membership_refuse",
    ),
    # A person's own account (issue 7)
    path("profile/", views_profile.profile, name="profile"),
    path("password/change/", views_profile.PasswordChangeView.as_view(), name="password_change"),
    path("colleagues/add/", views_profile.colleague_add, name="colleague_add"),
    path("", views.dashboard, name="dashboard"),
]
