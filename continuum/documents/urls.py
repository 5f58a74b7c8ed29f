"""URLs of documents, included under `documents/`. Every file is served by `document_file`
after the per-object check: there is no public media URL."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<uuid:public_id>/", views.document_file, name="file"),
    path("<uuid:public_id>/v<int:number>/", views.document_file, name="version_file"),
    path("<uuid:public_id>/new-version/", views.document_version_view, name="add_version"),
    path("attach/<slug:target_slug>/<str:key>/", views.document_attach_view, name="attach"),
]
