from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "fazhi.cases"
    label = "cases"
    verbose_name = _("行政执法案件")
    default_auto_field = "django.db.models.BigAutoField"
