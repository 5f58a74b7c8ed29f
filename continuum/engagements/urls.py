from django.urls import path

from .views import detail, team

app_name = "engagements"

urlpatterns = [
    path("<uuid:public_id>/", detail.engagement_detail, name="detail"),
    # team (issue 9 §2): matching, adding and removing members, the provider organization
    path("<uuid:public_id>/team/match/", team.team_match, name="team_match"),
    path("<uuid:public_id>/team/add/", team.team_add, name="team_add"),
    path("<uuid:public_id>/team/<int:member_id>/remove/", team.team_remove, name="team_remove"),
    path("<uuid:public_id>/provider/", team.provider_set, name="provider_set"),
]
