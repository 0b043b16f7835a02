from django.urls import path

from fazhi.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/refresh/", views.report_refresh, name="refresh"),
    path("<int:pk>/versions/", views.report_version, name="version"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/press-release/", views.report_press, name="press"),
    path("<int:pk>/export.<str:fmt>", views.report_export, name="export"),
    # The public portal (anonymous): published reports and their files.
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>.<str:fmt>", views.public_download, name="public_download"),
]
