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
]
