from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "fazhi.calendar"
    label = "calendar"
    verbose_name = _("法定期限日历")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from fazhi.calendar import service
        from fazhi.calendar.models import CalendarDay, HolidayYear

        for model in (CalendarDay, HolidayYear):
            post_save.connect(service.clear_cache, sender=model, dispatch_uid=f"calendar_cache_{model.__name__}_s")
            post_delete.connect(service.clear_cache, sender=model, dispatch_uid=f"calendar_cache_{model.__name__}_d")
        request_started.connect(service.mark_for_verification, dispatch_uid="calendar_cache_request")
