from django.urls import path

from .views import agreement, detail, follow_ons, portfolio, workspace

app_name = "engagements"

urlpatterns = [
    path("", workspace.my_engagements, name="mine"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("<uuid:public_id>/", detail.engagement_detail, name="detail"),
    path("<uuid:public_id>/agreement/", agreement.agreement_detail, name="agreement"),
    path(
        "<uuid:public_id>/agreement/prepare/",
        agreement.agreement_prepare_view,
        name="agreement_prepare",
    ),
    path("<uuid:public_id>/follow-ons/new/", follow_ons.follow_on_new, name="follow_on_new"),
]
