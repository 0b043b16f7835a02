import datetime

import pytest

D = datetime.date
TODAY = D(2025, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The engine's and the models' today (validation "not in the future", dated steps)."""
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def today(monkeypatch):
    def fix(day: datetime.date) -> datetime.date:
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix


@pytest.fixture
def plan_a(tree):
    from fazhi.legislation import services

    return services.create_plan(actor=tree.coordinator_a, unit=tree.gov_a, year=2025, kind="rule",
                                title="东城区人民政府2025年度立法工作计划", approved_on=D(2025, 1, 20))


@pytest.fixture
def plan_b(tree):
    from fazhi.legislation import services

    return services.create_plan(actor=tree.outsider, unit=tree.gov_b, year=2025, kind="rule",
                                title="西山县人民政府2025年度立法工作计划", approved_on=D(2025, 1, 22))


@pytest.fixture
def make_project(tree, plan_a):
    from fazhi.legislation import services

    def make(actor=None, **fields):
        fields.setdefault("title", "东城区停车场管理办法")
        fields.setdefault("plan", plan_a)
        fields.setdefault("responsible_unit", tree.dept_a)
        return services.create_project(actor=actor or tree.coordinator_a, **fields)

    return make


def advance(actor, project, *names, on=None, comment=""):
    from fazhi.legislation import services

    for name in names:
        services.take_step(actor=actor, project=project, name=name, on=on, comment=comment)
    project.refresh_from_db()
    return project


@pytest.fixture
def point_a(tree):
    from fazhi.legislation import services

    return services.create_point(
        actor=tree.coordinator_a, kind="contact", name="东城街道基层立法联系点", host_unit=tree.street_a,
        host_type="township", address="东城区人民路1号", phone="0999-1234567", staff_count=6, collector_count=5,
        established_on=D(2021, 5, 1))


@pytest.fixture
def point_b(tree):
    from fazhi.legislation import services

    return services.create_point(
        actor=tree.outsider, kind="contact", name="西山镇基层立法联系点", host_unit=tree.gov_b,
        region=tree.township_b, host_type="township", staff_count=4, collector_count=3,
        established_on=D(2022, 3, 1))


@pytest.fixture
def open_project(tree, make_project):
    """A county-A draft open for comment (征求意见)."""
    project = make_project()
    return advance(tree.officer_a, project, "start_drafting", "open_consultation", on=D(2025, 6, 1))


@pytest.fixture
def make_opinion(tree, open_project, point_a):
    from fazhi.legislation import services

    def make(actor=None, **fields):
        fields.setdefault("project", open_project)
        fields.setdefault("contact_point", point_a)
        fields.setdefault("received_on", D(2025, 6, 10))
        fields.setdefault("content", "东城区居民建议：第五条增加夜间停车收费标准。")
        return services.create_opinion(actor=actor or tree.coordinator_a, **fields)

    return make
