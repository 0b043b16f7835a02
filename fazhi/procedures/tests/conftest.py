"""Fixtures of the engine's tests: widgets (the test-only record type) and a fixed "today".

The tests need the test-only app `fazhi.procedures.tests.testapp` installed. Without it, they are
not collected and `test_setup.py` fails with the instructions.
"""

import datetime

import pytest
from django.conf import settings

TESTAPP = "fazhi.procedures.tests.testapp"

if TESTAPP not in settings.INSTALLED_APPS:
    collect_ignore_glob = ["test_[!s]*.py"]  # all but test_setup.py (keep other names off "test_s…")
else:

    @pytest.fixture
    def make_widget(tree):
        from fazhi.procedures.tests.testapp.models import Widget

        def make(unit=None, **values):
            values.setdefault("title", "样品申请")
            values.setdefault("amount", 100)
            widget = Widget(unit=unit or tree.dept_a, **values)
            widget.save()
            return widget

        return make

    @pytest.fixture
    def procedure(db):
        from fazhi.procedures.engine import get_procedure

        return get_procedure("procedures_testapp.widget")


@pytest.fixture
def today(monkeypatch):
    """today(date) fixes the engine's today; the default is 2025-09-30, the day before the National Day."""

    def fix(day: datetime.date) -> datetime.date:
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    fix(datetime.date(2025, 9, 30))
    return fix
