import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.access import Role
from fazhi.core.models import RoleAssignment, User
from fazhi.core.validators import make_credit_code
from fazhi.enforcement.models import join_fields
from fazhi.enforcement.tests.conftest import (  # noqa: F401  (fixtures shared with enforcement)
    TODAY,
    _today,
    body_a,
    body_b,
    id_number,
    make_item,
    make_officer,
)

D = datetime.date


@pytest.fixture
def inspector_a(tree):
    """A 督察人员 of county A outside the justice bureau: a reviewer without conflicts there, read-only on plans."""
    user = User.objects.create_user(username="insp_a", password="Secret-pass-123", full_name="东城督察员",
                                    unit=tree.gov_a)
    RoleAssignment.objects.create(user=user, role=Role.INSPECTOR, unit=tree.gov_a, scope="")
    return user


@pytest.fixture
def body_justice(tree):
    """County A's justice bureau is itself an enforcement body: its own reviewers conflict with its cases."""
    from fazhi.enforcement import services

    return services.create_body(actor=tree.coordinator_a, unit=tree.justice_a, kind="organ",
                                enforcement_fields=join_fields(["other"]), legal_basis="《中华人民共和国律师法》")


@pytest.fixture
def make_closed(tree, make_officer, make_item):  # noqa: F811
    """make_closed(body, closed_on=..., number=...) → a case recorded as closed on that day (the ledger path)."""
    from fazhi.cases import services
    from fazhi.cases.models import EnforcementCase

    counter = iter(range(1, 9999))
    teams: dict = {}
    items: dict = {}

    def make(body, closed_on=None, number=None, **fields):
        closed_on = closed_on or D(2025, 6, 20)
        n = next(counter)
        if body.pk not in teams:
            actor = tree.coordinator_a if body.region_id == tree.county_a.code else tree.outsider
            teams[body.pk] = [make_officer(actor=actor, body=body, name=f"甲{body.pk}", field=body.field_list[0]),
                              make_officer(actor=actor, body=body, name=f"乙{body.pk}", field=body.field_list[0])]
            items[body.pk] = make_item(actor=actor, body=body, field=body.field_list[0])
        decided = closed_on - datetime.timedelta(days=20)
        values = {"body": body, "number": number or f"东案〔2025〕{n}号", "item": items[body.pk], "act_type": "penalty",
                  "party_kind": "organisation", "party_name": "东城某商贸有限公司",
                  "party_credit_code": make_credit_code("990102", 500 + n, prefix="91"),
                  "cause": "未按规定标明价格", "registered_on": decided - datetime.timedelta(days=30),
                  "notified_on": decided - datetime.timedelta(days=7), "decided_on": decided, "outcome": "penalty",
                  "fine_amount": Decimal("2000"), "served_on": decided + datetime.timedelta(days=1),
                  "published_on": decided + datetime.timedelta(days=3),
                  "executed_on": closed_on - datetime.timedelta(days=2), "closed_on": closed_on}
        values.update(fields)
        actor = tree.coordinator_a if body.region_id == tree.county_a.code else tree.outsider
        return services.save_imported_case(actor=actor, case=EnforcementCase(**values), officers=teams[body.pk])

    return make


@pytest.fixture
def sheet(tree):
    from fazhi.casereviews import services

    return services.default_sheet(actor=tree.coordinator_a, unit=tree.justice_a, valid_from=D(2025, 1, 1))


@pytest.fixture
def make_plan(tree, sheet, body_a, inspector_a):  # noqa: F811
    from fazhi.casereviews import services

    def make(actor=None, bodies=None, reviewers=None, **fields):
        values = {"office": tree.justice_a, "title": "东城区2025年度行政执法案卷评查", "period_kind": "yearly",
                  "year": 2025, "ratio_bp": 500, "min_per_body": 2, "sheet": sheet}
        values.update(fields)
        return services.create_plan(actor=actor or tree.coordinator_a, bodies=[body_a] if bodies is None else bodies,
                                    reviewers=[tree.reviewer_a, inspector_a] if reviewers is None else reviewers,
                                    **values)

    return make


@pytest.fixture
def drawn_plan(tree, make_plan, make_closed, body_a):  # noqa: F811
    """A yearly plan over 6 closed cases of body_a (2 drawn: the minimum), in review."""
    from fazhi.casereviews import services

    for month in range(1, 7):
        make_closed(body_a, closed_on=D(2025, month, 15))
    plan = make_plan()
    for name, on in (("commit", D(2025, 10, 1)), ("draw", D(2025, 10, 2)), ("start", D(2025, 10, 3))):
        services.plan_step(actor=tree.coordinator_a, plan=plan, name=name, on=on)
    plan.refresh_from_db()
    return plan


def full_points(sheet, overrides=None):
    points = {item.pk: item.max_points for item in sheet.items.all()}
    points.update(overrides or {})
    return points


@pytest.fixture
def pdf():
    return lambda name="evidence.pdf": SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
