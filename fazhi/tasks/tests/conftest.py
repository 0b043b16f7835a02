import datetime

import pytest

D = datetime.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def today(monkeypatch):
    def fix(day: datetime.date) -> datetime.date:
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix


@pytest.fixture
def plan_a(tree):
    """County A's yearly plan, issued by its committee office (in the justice bureau)."""
    from fazhi.tasks import services

    return services.create_plan(actor=tree.coordinator_a, unit=tree.justice_a, kind="yearly",
                                title="东城区2026年法治政府建设工作要点", starts_on=D(2026, 1, 1),
                                ends_on=D(2026, 12, 31))


@pytest.fixture
def measure_a(tree, plan_a):
    from fazhi.tasks import services

    return services.create_measure(actor=tree.coordinator_a, plan=plan_a, title="深入推进依法行政")


@pytest.fixture
def make_task(tree, plan_a, measure_a):
    from fazhi.tasks import services

    def make(actor=None, **fields):
        fields.setdefault("plan", plan_a)
        fields.setdefault("measure", measure_a)
        fields.setdefault("title", "修订完善行政执法公示制度")
        fields.setdefault("lead_unit", tree.dept_a)
        fields.setdefault("due_on", D(2026, 9, 30))
        return services.create_task(actor=actor or tree.coordinator_a, **fields)

    return make


@pytest.fixture
def issued(tree, plan_a, make_task):
    """An issued plan with one task of the department (dept_a), cooperating: the street office."""
    from fazhi.tasks import services

    task = make_task(cooperating_units=[tree.street_a], responsible_leader="王副区长", deliverable="制度文件")
    services.issue_plan(actor=tree.coordinator_a, plan=plan_a, on=D(2026, 2, 1))
    task.refresh_from_db()
    return task


@pytest.fixture
def plan_b(tree):
    from fazhi.tasks import services

    return services.create_plan(actor=tree.outsider, unit=tree.justice_b, kind="yearly",
                                title="西山县2026年法治政府建设工作要点", starts_on=D(2026, 1, 1),
                                ends_on=D(2026, 12, 31))


def report(actor, task, percent=50, text="已完成制度起草，正在征求意见。", **kw):
    from fazhi.tasks import services

    return services.submit_progress(actor=actor, task=task, percent=percent, text=text, **kw)
