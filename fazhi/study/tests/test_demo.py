"""The demo builder on a real demo city (the organisation tree of fazhi.core.demo, without other apps)."""

import datetime

import pytest
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.core.models import Unit, User
from fazhi.figures.registry import compute
from fazhi.study import demo, selectors
from fazhi.study.models import Exam, Question, Sitting, SittingState, StudyRule, StudySession

D = datetime.date


@pytest.mark.django_db
class TestDemo:
    def test_demo(self, today):
        day = today(D(2025, 12, 10))
        with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
            city = _Builder(DEFAULT_SEED).build()
            demo.build(city)
        assert Question.objects.count() == 62
        assert StudyRule.objects.count() == 3
        assert StudySession.objects.filter(kind="unit_monthly").count() > 50
        assert not StudySession.objects.filter(held_on__gte=day.replace(day=1)).exists()
        monthly = StudyRule.objects.get(kind="unit_monthly")
        result = selectors.rule_breaches(monthly, units=Unit.objects.all(), start=D(2025, 1, 1), end=day)
        assert 1 <= len(result.breaches) <= 3
        pre = Exam.objects.get(kind="pre_appointment")
        sittings = Sitting.objects.filter(exam=pre)
        assert sittings.count() == 30
        assert sittings.filter(state=SittingState.EXPIRED).count() == 1
        assert sittings.filter(passed=True).exists() and sittings.filter(passed=False).exists()
        coordinator = User.objects.get(username="coord_city")
        taken = compute("study.sittings.pre_appointment", user=coordinator, start=D(2025, 1, 1), end=day)
        assert taken.value == 30
        rate = compute("study.attendance.rate", user=coordinator, start=D(2024, 1, 1), end=day)
        assert 0.8 < rate.numerator / rate.denominator < 1
        assert compute("study.units.monthly_breach", user=coordinator).value >= 1
        assert Exam.objects.get(kind="annual").sittings.exists()
        assert verify().ok


@pytest.fixture
def today(monkeypatch):
    def fix(day):
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix
