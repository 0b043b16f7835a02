from django.urls import path

from fazhi.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("template/", views.template, name="template"),
    path("upload/", views.upload, name="upload"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/errors.xlsx", views.job_errors, name="job_errors"),
]
