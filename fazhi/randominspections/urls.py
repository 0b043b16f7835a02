from django.urls import path

from fazhi.randominspections import views

app_name = "randominspections"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/new/", views.entity_edit, name="entity_create"),
    path("entities/<int:pk>/edit/", views.entity_edit, name="entity_edit"),
    path("inspectors/", views.inspector_list, name="inspector_list"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/commit/", views.plan_commit, name="plan_commit"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    # The public portal (anonymous): plans, published inputs, seed hash, seed, picks and results.
    path("public/plans/", views.public_plan_list, name="public_plans"),
    path("public/plans/<int:pk>/", views.public_plan_detail, name="public_plan"),
    path("public/plans/<int:pk>/draw.json", views.public_plan_json, name="public_plan_json"),
]
