from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "fazhi.study"
    label = "study"
    verbose_name = _("学法考法")
    default_auto_field = "django.db.models.BigAutoField"
