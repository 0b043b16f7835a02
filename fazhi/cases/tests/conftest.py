import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.validators import make_credit_code
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
CREDIT = make_credit_code("990102", 77)


@pytest.fixture
def officers(make_officer):  # noqa: F811  (the imported fixture)
    return [make_officer(name="张执法"), make_officer(name="李执法")]


@pytest.fixture
def reviewer(make_officer):  # noqa: F811
    return make_officer(name="王审核", legal_qualification=True)


@pytest.fixture
def item(make_item):  # noqa: F811
    return make_item()


@pytest.fixture
def make_case(tree, body_a, officers, item):  # noqa: F811
    from fazhi.cases import services

    counter = iter(range(1, 999))

    def make(actor=None, officer_list=None, **fields):
        n = next(counter)
        values = {"body": body_a, "number": f"东市监罚〔2025〕{n}号", "item": item, "act_type": "penalty",
                  "party_kind": "organisation", "party_name": "东城某食品有限公司", "party_credit_code": CREDIT,
                  "cause": "未取得许可从事食品经营", "facts": "经查，当事人未取得食品经营许可从事食品销售。",
                  "registered_on": D(2025, 11, 3), "fine_amount": Decimal("50000")}
        values.update(fields)
        return services.register_case(actor=actor or tree.officer_a,
                                      officers=officers if officer_list is None else officer_list, **values)

    return make


@pytest.fixture
def attach(tree):
    from fazhi.procedures.services import add_attachment

    def attach(case, *kinds, actor=None):
        for kind in kinds:
            add_attachment(actor=actor or tree.officer_a, record=case, kind=kind,
                           file=SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4 test", content_type="application/pdf"))

    return attach


@pytest.fixture
def step(tree):
    from fazhi.cases import services

    def step(case, name, on=None, actor=None, comment=""):
        services.take_step(actor=actor or tree.officer_a, case=case, name=name, on=on, comment=comment)
        case.refresh_from_db()
        return case

    return step


@pytest.fixture
def major_to_review(make_case, attach, step, reviewer):
    """A major case taken to legal review (the reviewer designated, not one of the officers)."""

    def run(**fields):
        case = make_case(major=True, reviewer=reviewer, **fields)
        step(case, "investigate", on=D(2025, 11, 4))
        attach(case, "evidence", "notice")
        step(case, "notify", on=D(2025, 11, 10))
        step(case, "submit_review", on=D(2025, 11, 11))
        return case

    return run
