"""The demo builder on a real demo city."""

import datetime

import pytest
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.procedures.models import Deadline
from fazhi.projects import demo, selectors
from fazhi.projects.models import Milestone, Project

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2025, 12, 28), D(2026, 1, 10), D(2026, 7, 1)])
def test_demo_builds_nine_projects(monkeypatch, day):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        demo.build(_Builder(DEFAULT_SEED).build())
    assert Project.objects.count() == 9
    assert selectors.public_projects().count() == 7
    assert not Milestone.objects.filter(done_on__gt=day).exists()
    assert not Milestone.objects.exclude(due_on__year=day.year).exists()
    running = Deadline.objects.filter(key="projects.milestone", stopped_on__isnull=True).count()
    assert running == Milestone.objects.filter(done_on__isnull=True).count()
    if day.month == 12:
        assert Project.objects.filter(state="completed").exists()
    assert verify().ok
