from django.urls import path

from fazhi.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_edit, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_edit, name="officer_create"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/edit/", views.officer_edit, name="officer_edit"),
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_edit, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_edit, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("empowerments/", views.empowerment_list, name="empowerment_list"),
    path("empowerments/new/", views.empowerment_edit, name="empowerment_create"),
    path("empowerments/<int:pk>/", views.empowerment_detail, name="empowerment_detail"),
    path("empowerments/<int:pk>/edit/", views.empowerment_edit, name="empowerment_edit"),
    # The public portal (anonymous): publicity before enforcement of published bodies (事前公示).
    path("public/bodies/", views.public_body_list, name="public_bodies"),
    path("public/officers/", views.public_officer_list, name="public_officers"),
    path("public/items/", views.public_item_list, name="public_items"),
]
