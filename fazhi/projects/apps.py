from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "fazhi.projects"
    label = "projects"
    verbose_name = _("法治为民办实事")
    default_auto_field = "django.db.models.BigAutoField"
