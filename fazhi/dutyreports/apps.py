from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyReportsConfig(AppConfig):
    name = "fazhi.dutyreports"
    label = "dutyreports"
    verbose_name = _("述法")
    default_auto_field = "django.db.models.BigAutoField"
