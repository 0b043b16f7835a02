"""The public library, mounted by the project at portal/library/ (namespace "library")."""

from django.urls import path

from fazhi.library import views

app_name = "library"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("drafting-bodies/", views.body_list, name="body_list"),
    path("cleanups/", views.campaign_list, name="campaign_list"),
    path("cleanups/<int:pk>/", views.campaign_detail, name="campaign_detail"),
]
