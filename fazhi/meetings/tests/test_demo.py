"""The demo builder on a real demo city (the tree and the tasks demo it builds on)."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.meetings import demo
from fazhi.meetings.models import Decision, Meeting, Topic

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2025, 12, 1), D(2026, 1, 10)])
def test_demo_builds_a_year_of_meetings(monkeypatch, day):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        city = _Builder(DEFAULT_SEED).build()
        if apps.is_installed("fazhi.tasks"):  # the yearly plan the tasks demo would have issued (without its tasks)
            from fazhi.core.access import Role
            from fazhi.tasks import services as tasks

            office = city.staff(Role.COORDINATOR, city.justice_bureau)[0]
            plan = tasks.create_plan(actor=office, unit=city.justice_bureau, kind="yearly", title="年度工作要点",
                                     starts_on=D(day.year, 1, 1), ends_on=D(day.year, 12, 31))
            tasks.create_task(actor=office, plan=plan, title="完善行政执法公示制度", lead_unit=city.justice_bureau,
                              due_on=D(day.year, 12, 31))
            tasks.issue_plan(actor=office, plan=plan, on=D(day.year, 1, 1))
        demo.build(city)
    assert 18 <= Meeting.objects.count() <= 24
    kinds = set(Meeting.objects.values_list("kind", flat=True))
    assert kinds == {"committee", "office", "coordination_group", "party_standing", "government_executive"}
    assert not Meeting.objects.filter(held_on__gt=day).exists()
    assert Topic.objects.filter(rule_of_law=True).count() > Topic.objects.filter(rule_of_law=False).count() > 0
    for decision in Decision.objects.select_related("meeting"):
        assert decision.due_on >= decision.meeting.held_on
    if apps.is_installed("fazhi.tasks") and day.month >= 3:  # this year's decisions become this year's tasks
        tasked = Decision.objects.filter(task__isnull=False)
        assert tasked.exists()
        assert all(d.task.due_on == d.due_on and d.task.lead_unit_id == d.responsible_unit_id for d in tasked)
    assert verify().ok
