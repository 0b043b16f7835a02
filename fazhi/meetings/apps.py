from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "fazhi.meetings"
    label = "meetings"
    verbose_name = _("会议与议事")
    default_auto_field = "django.db.models.BigAutoField"
