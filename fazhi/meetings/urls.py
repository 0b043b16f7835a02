from django.urls import path

from fazhi.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_edit, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/topics/new/", views.topic_add, name="topic_add"),
    path("<int:pk>/decisions/new/", views.decision_add, name="decision_add"),
    path("topics/<int:pk>/delete/", views.topic_delete, name="topic_delete"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/delete/", views.decision_delete, name="decision_delete"),
    path("decisions/<int:pk>/task/", views.decision_task, name="decision_task"),
]
