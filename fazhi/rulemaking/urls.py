from django.urls import path

from fazhi.rulemaking import views

app_name = "rulemaking"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_edit, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/reviews/new/", views.review_add, name="review_add"),
    path("documents/<int:pk>/deliberations/new/", views.deliberation_add, name="deliberation_add"),
    path("documents/<int:pk>/evaluations/new/", views.evaluation_add, name="evaluation_add"),
    path("comments/<int:pk>/", views.comment_moderate, name="comment_moderate"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_edit, name="body_create"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("cleanups/", views.campaign_list, name="campaign_list"),
    path("cleanups/new/", views.campaign_edit, name="campaign_create"),
    path("cleanups/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("cleanups/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("cleanups/<int:pk>/select/", views.campaign_select, name="campaign_select"),
    path("cleanups/<int:pk>/publish/", views.campaign_publish, name="campaign_publish"),
    path("cleanup-items/<int:pk>/decide/", views.item_decide, name="item_decide"),
]
