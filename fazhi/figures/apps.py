from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "fazhi.figures"
    label = "figures"
    verbose_name = _("统计指标")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from fazhi.figures import registry

        # Every app declares its figures in <app>/figures.py; import them all now, then check them,
        # so a bad declaration stops the start-up instead of a report.
        autodiscover_modules("figures")
        registry.validate_all()
