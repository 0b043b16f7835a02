from django.urls import path

from fazhi.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_edit, name="inspection_create"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/new/", views.finding_edit, name="finding_create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("ledger/", views.item_list, name="item_list"),
    path("ledger/new/", views.item_edit, name="item_create"),
    path("ledger/<int:pk>/", views.item_detail, name="item_detail"),
    path("ledger/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("ledger/<int:pk>/evidence/", views.item_evidence, name="item_evidence"),
    path("ledger/<int:pk>/escalate/", views.item_escalate, name="item_escalate"),
    path("escalations/<int:pk>/letter/", views.letter_download, name="letter_download"),
    path("interference/", views.interference_list, name="interference_list"),
    path("interference/new/", views.interference_edit, name="interference_create"),
    path("interference/<int:pk>/", views.interference_detail, name="interference_detail"),
    path("interference/<int:pk>/edit/", views.interference_edit, name="interference_edit"),
]
