from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "fazhi.library"
    label = "library"
    verbose_name = _("规范性文件库")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from fazhi.library import signals

        # The index follows every save of a document (services, procedure steps, imports, the demo).
        post_save.connect(signals.document_saved, sender="rulemaking.NormativeDocument",
                          dispatch_uid="fazhi.library.index_document")
