"""Figures on hand-checked data."""

import datetime

import pytest

from fazhi.enforcement import services
from fazhi.enforcement.models import join_fields
from fazhi.figures.registry import compute

D = datetime.date
pytestmark = pytest.mark.django_db


def value(key, user, **cut):
    return compute(key, user=user, **cut).value


def test_enforcement_figures(tree, body_a, body_b, make_officer, make_item):
    make_officer(legal_qualification=True)
    make_officer(issued_on=D(2019, 1, 1), expires_on=D(2024, 1, 1))  # expired
    make_officer(status="revoked")
    services.create_officer(actor=tree.outsider, name="西山员", id_number="11010519491231002X", body=body_b,
                            certificate_number="B-1", field="market", issued_on=D(2024, 1, 1), expires_on=D(2029, 1, 1))
    make_item()
    make_item(item_type="licensing")
    make_item(empowered_to_townships=True)
    make_item(status="cancelled", cancelled_on=D(2025, 6, 1), cancellation_document="示府发〔2025〕7号")
    make_item(status="adjusted", cancelled_on=D(2024, 6, 1), cancellation_document="示府发〔2024〕9号")
    township_body = services.create_body(actor=tree.coordinator_a, unit=tree.street_a, legal_basis="行政处罚法第二十四条",
                                         enforcement_fields=join_fields(["integrated"]))
    team = services.create_team(actor=tree.coordinator_a, township=tree.street_a, name="东城街道综合行政执法队", posts=9)
    make_officer(actor=tree.coordinator_a, body=township_body, field="integrated", team=team)
    empowered = [i for i in body_a.items.all() if i.empowered_to_townships]
    for n in (1, 2):  # two documents, one township
        services.create_empowerment(actor=tree.coordinator_a, township=tree.street_a, document_number=f"示府发〔2025〕{n}号",
                                    title="赋权决定", decided_on=D(2025, 3, 1), items=empowered)

    a = tree.coordinator_a
    assert value("enforcement.bodies.total", a) == 2  # the department and the township
    assert value("enforcement.bodies.total", tree.city_coordinator) == 3
    assert value("enforcement.bodies.published", a) == 1
    assert value("enforcement.officers.total", a) == 3  # in post: not the revoked one
    assert value("enforcement.officers.valid_certificate", a) == 2  # today 2025-12-01: not the expired one
    # As of a past period's end: the one expired on 2024-01-01 was still valid at the end of 2023;
    # at the end of 2020 only that one (issued 2019) had been issued.
    assert value("enforcement.officers.valid_certificate", a, start=D(2023, 1, 1), end=D(2023, 12, 31)) == 3
    assert value("enforcement.officers.valid_certificate", a, start=D(2020, 1, 1), end=D(2020, 12, 31)) == 1
    assert value("enforcement.officers.legal_qualification", a) == 1
    assert value("enforcement.items.total", a) == 3
    assert value("enforcement.items.penalty", a) == 2 and value("enforcement.items.licensing", a) == 1
    assert value("enforcement.items.coercion", a) == 0
    assert value("enforcement.items.cancelled", a) == 2
    assert value("enforcement.items.cancelled", a, start=D(2025, 1, 1), end=D(2025, 12, 31)) == 1
    assert value("enforcement.items.empowered", a) == 1
    assert value("enforcement.teams.total", a) == 1 and value("enforcement.teams.posts", a) == 9
    assert value("enforcement.teams.officers", a) == 1
    assert value("enforcement.townships.empowered", a) == 1
    assert value("enforcement.officers.total", tree.outsider) == 1
    assert value("enforcement.items.total", tree.outsider) == 0
    assert str(compute("enforcement.items.penalty", user=a).figure.label) == "行政处罚事项数"
