"""Figures on hand-checked data: measures, tasks, done, done on time, overdue, on-time rate."""

from decimal import Decimal

import pytest

from fazhi.figures.registry import compute, compute_many, records
from fazhi.tasks import services

from .conftest import D, report

pytestmark = pytest.mark.django_db
KEYS = ["tasks.measures.total", "tasks.tasks.total", "tasks.tasks.done", "tasks.tasks.done_on_time",
        "tasks.tasks.overdue", "tasks.tasks.on_time_rate"]


def finish(tree, task, on):
    report(tree.officer_a, task, percent=100, reported_on=on)
    services.take_step(actor=tree.officer_a, task=task, name="submit")
    services.take_step(actor=tree.coordinator_a, task=task, name="accept", on=on)


@pytest.fixture
def data(tree, plan_a, measure_a, make_task, plan_b, today):
    """County A: 2 measures, 5 tasks — on time (due 3-31, done 3-20), late (due 4-30, done 5-10),
    overdue (due 5-31, running), cancelled (due 5-15), not yet due (due 9-30). County B: 1 overdue task."""
    m2 = services.create_measure(actor=tree.coordinator_a, plan=plan_a, title="第二项措施")
    on_time = make_task(title="按时", due_on=D(2026, 3, 31))
    late = make_task(title="超期完成", due_on=D(2026, 4, 30), measure=m2)
    make_task(title="超期未完成", due_on=D(2026, 5, 31))
    cancelled = make_task(title="取消", due_on=D(2026, 5, 15))
    make_task(title="未到期", due_on=D(2026, 9, 30))
    services.issue_plan(actor=tree.coordinator_a, plan=plan_a, on=D(2026, 2, 1))
    services.create_task(actor=tree.outsider, plan=plan_b, title="西山超期", lead_unit=tree.dept_b,
                         due_on=D(2026, 4, 1))
    services.issue_plan(actor=tree.outsider, plan=plan_b, on=D(2026, 2, 1))
    today(D(2026, 3, 20))
    finish(tree, on_time, D(2026, 3, 20))
    today(D(2026, 5, 10))
    finish(tree, late, D(2026, 5, 10))
    services.take_step(actor=tree.coordinator_a, task=cancelled, name="cancel", comment="取消")
    today(D(2026, 6, 15))


def test_county_a(tree, data):
    values = {v.key: v for v in compute_many(KEYS, user=tree.coordinator_a)}
    assert values["tasks.measures.total"].value == 2
    assert values["tasks.tasks.total"].value == 4  # the cancelled one is not counted
    assert values["tasks.tasks.done"].value == 2
    assert values["tasks.tasks.done_on_time"].value == 1
    assert values["tasks.tasks.overdue"].value == 1
    rate = values["tasks.tasks.on_time_rate"]
    assert (rate.numerator, rate.denominator) == (1, 3)  # on time / (2 done + 1 overdue)
    assert rate.percent == Decimal("33.33")


def test_city_and_outsider(tree, data):
    assert compute("tasks.tasks.overdue", user=tree.city_coordinator).value == 2
    assert compute("tasks.tasks.overdue", user=tree.outsider).value == 1
    assert compute("tasks.tasks.total", user=tree.outsider).value == 1


def test_period_and_drill_down(tree, data):
    assert compute("tasks.tasks.total", user=tree.coordinator_a, start=D(2026, 1, 1), end=D(2026, 4, 30)).value == 2
    titles = {t.title for t in records("tasks.tasks.overdue", user=tree.coordinator_a)}
    assert titles == {"超期未完成"}


def test_rate_without_due_tasks_has_no_value(tree, plan_a, make_task):
    make_task(due_on=D(2026, 9, 30))
    value = compute("tasks.tasks.on_time_rate", user=tree.coordinator_a)
    assert value.value is None and value.reason == "分母为零"
