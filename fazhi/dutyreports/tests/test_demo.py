"""The demo builder on a real demo city."""

import datetime

import pytest
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.dutyreports import demo, selectors
from fazhi.dutyreports.models import DutyReport

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2025, 12, 1), D(2026, 1, 10)])
def test_demo_builds_a_schedule_in_every_state(monkeypatch, day):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        demo.build(_Builder(DEFAULT_SEED).build())
    reports = DutyReport.objects.all()
    assert reports.count() == 12
    assert set(reports.values_list("state", flat=True)) == {"planned", "submitted", "commented", "scored",
                                                            "published"}
    assert reports.filter(mode="on_site").count() == 8
    for report in reports.filter(state__in=("scored", "published")):
        assert 76 <= report.score <= 97 and report.secretary_comment
    assert selectors.public_reports().count() == 4
    assert verify().ok
