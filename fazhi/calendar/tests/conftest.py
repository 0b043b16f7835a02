import datetime as dt

import pytest
from django.utils import timezone

from fazhi.calendar import service
from fazhi.core.models import User


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """The override snapshot lives in the process: rows created in one test are rolled back without
    a post_delete signal, so start and end every test with an empty cache."""
    service.clear_cache()
    yield
    service.clear_cache()


@pytest.fixture
def staff(db):
    return User.objects.create_user(username="clerk", password="Secret-pass-123", full_name="期限计算员")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def today(monkeypatch):
    """today(date): make timezone.localdate() (no argument) return `date`."""
    original = timezone.localdate

    def set_today(fixed: dt.date):
        def fake(value=None, timezone=None):
            if value is None:
                return fixed
            return original(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fake)
        return fixed

    return set_today
