import datetime

import pytest

D = datetime.date
TODAY = D(2025, 6, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def make_project(tree):
    from fazhi.projects import services

    def make(actor=None, **fields):
        fields.setdefault("unit", tree.justice_a)
        fields.setdefault("year", 2025)
        fields.setdefault("title", "东城区“村（居）法律服务三帮”项目")
        fields.setdefault("responsible_unit", tree.dept_a)
        fields.setdefault("target", "全区村（社区）法律顾问覆盖率100%")
        return services.create_project(actor=actor or tree.coordinator_a, **fields)

    return make
