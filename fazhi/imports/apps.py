from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class Config(AppConfig):
    name = "fazhi.imports"
    label = "imports"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "数据导入与后台任务"

    def ready(self) -> None:
        # The import job handler, the organisation tree's kinds, then every app's own declarations:
        # `<app>/imports.py` (register(ImportKind(...))) and `<app>/jobs.py` (@job_handler(...)).
        from fazhi.imports import kinds, services  # noqa: F401

        autodiscover_modules("imports", "jobs")
