from django.apps import AppConfig


class Config(AppConfig):
    name = "fazhi.calendar"
    label = "calendar"
    default_auto_field = "django.db.models.BigAutoField"
