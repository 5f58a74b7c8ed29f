from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("", views.expert_list, name="expert_list"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/<slug:kind>/<int:pk>/remove/", views.my_profile_remove, name="my_profile_remove"),
    path("organization/", views.organization_workspace, name="organization_workspace"),
    path("<int:pk>/", views.expert_detail, name="expert_detail"),
    path("<int:pk>/vet/", views.expert_vet, name="expert_vet"),
    path("<int:pk>/organization/", views.expert_organization, name="expert_organization"),
]
