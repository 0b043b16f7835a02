from django.urls import path

from fazhi.procedures import views

app_name = "procedures"
urlpatterns = [
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("deadlines/export.xlsx", views.deadline_export, name="deadlines_export"),
    path("notifications/", views.notification_list, name="notifications"),
    path("rules/", views.rule_list, name="rules"),
    path("records/<int:content_type_id>/<int:object_id>/transitions/<slug:name>/", views.transition,
         name="transition"),
    path("records/<int:content_type_id>/<int:object_id>/attachments/", views.attachment_upload,
         name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
