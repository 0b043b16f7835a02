from django.urls import path

from fazhi.figures import views

app_name = "figures"
urlpatterns = [
    path("", views.figure_list, name="list"),
    path("definitions/", views.figure_definitions, name="definitions"),
    path("export.xlsx", views.figure_export, name="export"),
    path("<str:key>/records/", views.figure_records, name="records"),
]
