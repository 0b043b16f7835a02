from django.urls import path

from fazhi.tasks import views

app_name = "tasks"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("measures/new/", views.measure_edit, name="measure_create"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("", views.task_list, name="task_list"),
    path("new/", views.task_edit, name="task_create"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/extend/", views.task_extend, name="task_extend"),
    path("<int:pk>/progress/", views.progress_submit, name="progress_submit"),
    path("progress/<int:pk>/", views.report_detail, name="report_detail"),
]
