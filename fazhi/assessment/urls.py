from django.urls import path

from fazhi.assessment import views

app_name = "assessment"

urlpatterns = [
    path("systems/", views.system_list, name="system_list"),
    path("systems/new/", views.system_edit, name="system_create"),
    path("systems/template/", views.system_from_template, name="system_template"),
    path("systems/<int:pk>/", views.system_detail, name="system_detail"),
    path("systems/<int:pk>/edit/", views.system_edit, name="system_edit"),
    path("systems/<int:pk>/freeze/", views.system_freeze, name="system_freeze"),
    path("systems/<int:pk>/new-version/", views.system_new_version, name="system_new_version"),
    path("systems/<int:system_pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("systems/<int:system_pk>/indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("systems/<int:system_pk>/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_edit, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/participants/", views.round_participants, name="round_participants"),
    path("rounds/<int:pk>/ranking/", views.round_ranking, name="round_ranking"),
    path("rounds/<int:pk>/indicators/", views.round_indicators, name="round_indicators"),
    path("sheets/", views.sheet_list, name="sheet_list"),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("sheets/<int:pk>/submit/", views.sheet_submit, name="sheet_submit"),
    path("sheets/<int:pk>/objections/", views.objection_create, name="objection_create"),
    path("entries/<int:pk>/self/", views.entry_self, name="entry_self"),
    path("entries/<int:pk>/evidence/", views.entry_evidence, name="entry_evidence"),
    path("entries/<int:pk>/score/", views.entry_score, name="entry_score"),
    path("entries/<int:pk>/request-evidence/", views.entry_request, name="entry_request"),
    path("objections/<int:pk>/reply/", views.objection_reply, name="objection_reply"),
    path("demonstrations/", views.demonstration_list, name="demonstration_list"),
    path("demonstrations/new/", views.demonstration_edit, name="demonstration_create"),
    path("demonstrations/<int:pk>/", views.demonstration_detail, name="demonstration_detail"),
    path("demonstrations/<int:pk>/edit/", views.demonstration_edit, name="demonstration_edit"),
    path("villages/", views.village_list, name="village_list"),
    path("villages/new/", views.village_edit, name="village_create"),
    path("villages/<int:pk>/", views.village_detail, name="village_detail"),
    path("villages/<int:pk>/edit/", views.village_edit, name="village_edit"),
    # The public portal (anonymous): results published there.
    path("public/results/", views.public_results, name="public_results"),
]
