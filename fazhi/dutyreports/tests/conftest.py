import datetime

import pytest

D = datetime.date
TODAY = D(2025, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def schedule_a(tree):
    from fazhi.dutyreports import services

    return services.create_schedule(actor=tree.coordinator_a, unit=tree.justice_a, year=2025,
                                    title="东城区2025年度党政主要负责人述法工作安排")


@pytest.fixture
def make_report(tree, schedule_a):
    from fazhi.dutyreports import services

    def make(actor=None, **fields):
        fields.setdefault("schedule", schedule_a)
        fields.setdefault("leader_name", "东城张三")
        fields.setdefault("leader_post", "区市场监督管理局局长")
        fields.setdefault("leader_unit", tree.dept_a)
        fields.setdefault("mode", "on_site")
        fields.setdefault("scheduled_on", D(2025, 11, 20))
        fields.setdefault("report_text", "一年来，本人认真履行推进法治建设第一责任人职责……")
        return services.create_report(actor=actor or tree.coordinator_a, **fields)

    return make


def step(actor, report, *names, comment="", on=None):
    from fazhi.dutyreports import services

    for name in names:
        services.take_step(actor=actor, report=report, name=name, comment=comment, on=on)
    report.refresh_from_db()
    return report
