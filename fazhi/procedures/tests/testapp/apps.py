from django.apps import AppConfig


class Config(AppConfig):
    """A record type with a procedure, for the engine's tests only (never in production settings)."""

    name = "fazhi.procedures.tests.testapp"
    label = "procedures_testapp"
    default_auto_field = "django.db.models.BigAutoField"
