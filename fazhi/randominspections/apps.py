from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RandomInspectionsConfig(AppConfig):
    name = "fazhi.randominspections"
    label = "randominspections"
    verbose_name = _("双随机一公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.randominspections import procedures  # noqa: F401  (registers the procedure)
