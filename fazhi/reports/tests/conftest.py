import datetime

import pytest

D = datetime.date
TODAY = D(2026, 2, 10)  # reporting season for 2025: submission due 1 March, publication 1 April


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
def records_a(tree):
    """A few 2025 records in county A (a legislative plan and two projects), one in county B."""
    from fazhi.legislation import services

    plan = services.create_plan(actor=tree.coordinator_a, unit=tree.gov_a, year=2025, kind="rule",
                                title="东城区人民政府2025年度立法工作计划", approved_on=D(2025, 1, 20))
    for title in ("东城区停车场管理办法", "东城区养犬管理规定"):
        services.create_project(actor=tree.coordinator_a, plan=plan, title=title, responsible_unit=tree.dept_a)
    plan_b = services.create_plan(actor=tree.outsider, unit=tree.gov_b, year=2025, kind="rule",
                                  title="西山县人民政府2025年度立法工作计划", approved_on=D(2025, 1, 22))
    services.create_project(actor=tree.outsider, plan=plan_b, title="西山县河道管理办法", responsible_unit=tree.dept_b)
    return plan


@pytest.fixture
def report_a(tree, records_a):
    from fazhi.reports import services

    return services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=2025)
