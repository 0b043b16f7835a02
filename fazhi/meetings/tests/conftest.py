import datetime

import pytest

D = datetime.date
TODAY = D(2025, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def make_meeting(tree):
    from fazhi.meetings import services

    def make(actor=None, **fields):
        fields.setdefault("unit", tree.justice_a)
        fields.setdefault("kind", "committee")
        fields.setdefault("title", "东城区委全面依法治区委员会第三次会议")
        fields.setdefault("held_on", D(2025, 3, 10))
        return services.create_meeting(actor=actor or tree.coordinator_a, **fields)

    return make
