from django.conf import settings


def test_engine_test_app_is_installed():
    assert "fazhi.procedures.tests.testapp" in settings.INSTALLED_APPS, (
        "The procedure engine's tests need its test-only app: append "
        "'fazhi.procedures.tests.testapp' to INSTALLED_APPS in fazhi/settings/test.py "
        "(or run with --ds=fazhi.procedures.tests.settings).")
