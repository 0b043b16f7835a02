from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "fazhi.legislation"
    label = "legislation"
    verbose_name = _("地方立法")
    default_auto_field = "django.db.models.BigAutoField"
