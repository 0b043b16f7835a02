from django.urls import path

from fazhi.legislation import views

app_name = "legislation"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_edit, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("contact-points/", views.point_list, name="point_list"),
    path("contact-points/new/", views.point_edit, name="point_create"),
    path("contact-points/<int:pk>/", views.point_detail, name="point_detail"),
    path("contact-points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/new/", views.opinion_edit, name="opinion_create"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/edit/", views.opinion_edit, name="opinion_edit"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/new/", views.evaluation_edit, name="evaluation_create"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/edit/", views.evaluation_edit, name="evaluation_edit"),
    # The public portal (anonymous): published plans with project statuses, active contact points.
    path("public/plan/", views.public_plan, name="public_plan"),
    path("public/contact-points/", views.public_contact_points, name="public_contact_points"),
]
