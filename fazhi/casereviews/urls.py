from django.urls import path

from fazhi.casereviews import views

app_name = "casereviews"

urlpatterns = [
    path("sheets/", views.sheet_list, name="sheet_list"),
    path("sheets/new/", views.sheet_edit, name="sheet_create"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/edit/", views.sheet_edit, name="sheet_edit"),
    path("sheets/<int:pk>/items/", views.sheet_item_add, name="sheet_item_add"),
    path("sheet-items/<int:pk>/remove/", views.sheet_item_remove, name="sheet_item_remove"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("files/", views.review_list, name="review_list"),
    path("files/<int:pk>/", views.review_detail, name="review_detail"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("letters/", views.letter_list, name="letter_list"),
    path("letters/new/", views.letter_create, name="letter_create"),
    path("letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/download/", views.letter_download, name="letter_download"),
    path("accountability/", views.accountability_list, name="accountability_list"),
    path("accountability/new/", views.accountability_edit, name="accountability_create"),
    path("accountability/<int:pk>/", views.accountability_detail, name="accountability_detail"),
    path("accountability/<int:pk>/edit/", views.accountability_edit, name="accountability_edit"),
    # The public portal (anonymous): plans with published inputs, hashes, the seed and the picks.
    path("public/plans/", views.public_plan_list, name="public_plans"),
    path("public/plans/<int:pk>/", views.public_plan_detail, name="public_plan"),
    path("public/plans/<int:pk>/draw.json", views.public_plan_json, name="public_plan_json"),
]
