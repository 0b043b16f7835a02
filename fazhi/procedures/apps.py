from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def create_missing_rules(sender, using="default", **kwargs) -> None:
    """After migrate: create the default TimeLimitRule row of every newly declared limit.

    Only missing rows, without audit events (derived from the deployed code, like a data migration);
    changed declarations are applied by `fazhi procedures sync`, which reports and audits them.
    """
    from django.db import connections

    from fazhi.core.access import SYSTEM
    from fazhi.procedures.models import TimeLimitRule
    from fazhi.procedures.services import sync_rules

    tables = connections[using].introspection.table_names()
    if TimeLimitRule._meta.db_table not in tables:
        return  # migrated backwards, or a partial migrate
    sync_rules(actor=SYSTEM, update=False, audited=False)


class Config(AppConfig):
    name = "fazhi.procedures"
    label = "procedures"
    verbose_name = _("办理程序与期限")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from fazhi.procedures.engine import check_declarations

        # Every app's procedures.py declares its procedures on import.
        autodiscover_modules("procedures")
        checks.register(check_declarations)
        post_migrate.connect(create_missing_rules, sender=self, dispatch_uid="procedures_create_missing_rules")
