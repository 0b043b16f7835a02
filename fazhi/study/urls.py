from django.urls import path

from fazhi.study import views

app_name = "study"

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_edit, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("breaches/", views.breaches, name="breaches"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/new/", views.question_edit, name="question_create"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("exams/", views.exam_list, name="exam_list"),
    path("exams/new/", views.exam_edit, name="exam_create"),
    path("exams/<int:pk>/", views.exam_detail, name="exam_detail"),
    path("exams/<int:pk>/edit/", views.exam_edit, name="exam_edit"),
    path("exams/<int:pk>/results/", views.exam_results, name="exam_results"),
    path("exams/<int:pk>/start/", views.exam_start, name="exam_start"),
    path("my-exams/", views.my_exams, name="my_exams"),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting_detail"),
]
