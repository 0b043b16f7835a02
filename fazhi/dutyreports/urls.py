from django.urls import path

from fazhi.dutyreports import views

app_name = "dutyreports"

urlpatterns = [
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/new/", views.schedule_edit, name="schedule_create"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_edit, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/record/", views.report_record, name="report_record"),
    path("reports/<int:pk>/scores/", views.score_add, name="score_add"),
    path("reports/<int:pk>/upload/", views.report_upload, name="report_upload"),
    # The public portal (anonymous): published results.
    path("public/results/", views.public_results, name="public_results"),
]
