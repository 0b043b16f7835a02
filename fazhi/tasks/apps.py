from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "fazhi.tasks"
    label = "tasks"
    verbose_name = _("任务分解")
    default_auto_field = "django.db.models.BigAutoField"
