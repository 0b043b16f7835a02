import datetime

import pytest

from fazhi.core.validators import id_number_check_char
from fazhi.enforcement.models import join_fields

D = datetime.date
TODAY = D(2025, 12, 1)


def id_number(birth: str = "19800101", seq: str = "123", region: str = "110105") -> str:
    first17 = region + birth + seq
    return first17 + id_number_check_char(first17)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def body_a(tree):
    from fazhi.enforcement import services

    return services.create_body(
        actor=tree.coordinator_a, unit=tree.dept_a, kind="organ", enforcement_fields=join_fields(["market"]),
        legal_basis="《中华人民共和国行政处罚法》第十七条；《中华人民共和国食品安全法》", published_on=D(2025, 3, 1))


@pytest.fixture
def body_b(tree):
    from fazhi.enforcement import services

    return services.create_body(
        actor=tree.outsider, unit=tree.dept_b, kind="organ", enforcement_fields=join_fields(["market"]),
        legal_basis="《中华人民共和国行政处罚法》第十七条", published_on=D(2025, 3, 1))


@pytest.fixture
def make_officer(tree, body_a):
    from fazhi.enforcement import services

    counter = iter(range(100, 999))

    def make(actor=None, **fields):
        n = next(counter)
        values = {"name": "张东城", "id_number": id_number(seq=str(n)), "body": body_a,
                  "certificate_number": f"99010200{n:04d}", "field": "market", "issued_on": D(2021, 1, 1),
                  "expires_on": D(2026, 12, 31)}
        values.update(fields)
        return services.create_officer(actor=actor or tree.officer_a, **values)

    return make


@pytest.fixture
def make_item(tree, body_a):
    from fazhi.enforcement import services

    counter = iter(range(1, 999))

    def make(actor=None, **fields):
        n = next(counter)
        values = {"code": f"SCJG-{n:04d}", "name": f"对未取得许可从事食品经营的处罚{n}", "item_type": "penalty",
                  "field": "market", "legal_basis": "《中华人民共和国食品安全法》第一百二十二条", "body": body_a}
        values.update(fields)
        return services.create_item(actor=actor or tree.officer_a, **values)

    return make
