"""The portal's decisions page (执法决定公示): every act type once published, masked, filtered, anonymous."""

from decimal import Decimal

import pytest

from fazhi.cases.models import EnforcementCase
from fazhi.cases.tests.conftest import D, id_number
from fazhi.cases.tests.test_views import _published

pytestmark = pytest.mark.django_db
URL = "/cases/public/decisions/"


@pytest.fixture
def typed_case(make_case, make_item):
    def make(act_type, **fields):
        return make_case(act_type=act_type, item=make_item(item_type=act_type), fine_amount=None, **fields)

    return make


def _set(case, **fields):
    EnforcementCase.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()


def _rows(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {obj.number: cells for obj, cells in response.context["rows"]}


@pytest.fixture
def licence(typed_case, attach, step):
    """A licence granted to a person, decided (not yet published)."""
    case = typed_case("licensing", number="东市监许〔2025〕1号", cause="申请食品经营许可", party_kind="person",
                      party_name="李大明", party_credit_code="", party_id_number=id_number(seq="456"))
    _set(case, outcome="granted")
    attach(case, "licence_decision")
    return step(case, "decide_licence", on=D(2025, 11, 20))


@pytest.fixture
def measure(typed_case, attach, step):
    """A freezing of deposits, released, decided (not yet published)."""
    case = typed_case("coercion", number="东市监强〔2025〕1号", cause="涉嫌转移违法所得", measure_kind="freezing")
    attach(case, "approval", "measure_decision", "on_site_record")
    step(case, "approve_measure", on=D(2025, 11, 4))
    step(case, "impose_measure", on=D(2025, 11, 4))
    _set(case, outcome="released")
    attach(case, "decision")
    return step(case, "decide_measure", on=D(2025, 11, 10))


@pytest.fixture
def inspection(typed_case, attach, step):
    """A random inspection that found nothing, concluded (not yet published)."""
    case = typed_case("inspection", number="东市监检〔2025〕1号", cause="食品经营双随机抽查", inspection_origin="random")
    attach(case, "inspection_record")
    step(case, "inspect", on=D(2025, 11, 5))
    _set(case, outcome="no_problem")
    return step(case, "conclude_inspection", on=D(2025, 11, 6))


def test_each_act_type_appears_once_published(client, licence, measure, inspection, step, major_to_review, attach,
                                              tree):
    assert _rows(client) == {}  # decided but not published: nothing on the portal
    step(licence, "publish_licence", on=D(2025, 11, 25))
    step(measure, "publish_measure", on=D(2025, 11, 12))
    step(inspection, "publish_inspection", on=D(2025, 11, 7))
    penalty = _published(major_to_review, attach, step, tree, fine_amount=Decimal("5000"),
                         other_penalties="没收违法所得")
    rows = _rows(client)
    assert set(rows) == {licence.number, measure.number, inspection.number, penalty.number}
    assert rows[licence.number][2] == "行政许可" and rows[licence.number][5] == "准予行政许可"
    assert rows[measure.number][2] == "行政强制"
    assert rows[measure.number][5] == "冻结存款、汇款；处理结果：解除强制措施"
    assert rows[inspection.number][5] == "检查结论：未发现违法问题（双随机抽查）"
    assert rows[penalty.number][5] == "罚款5000元；没收违法所得"
    # Closing a published case keeps it on the portal.
    step(licence, "close", on=D(2025, 11, 26))
    assert licence.number in _rows(client)


def test_refused_licence_and_person_masked(client, typed_case, attach, step):
    number = id_number(seq="789")
    case = typed_case("licensing", number="东市监许〔2025〕2号", party_kind="person", party_name="赵小红",
                      party_credit_code="", party_id_number=number)
    _set(case, outcome="refused", decision_reasons="不符合法定条件", remedies_notified=True)
    attach(case, "licence_decision")
    step(case, "decide_licence", on=D(2025, 11, 10))
    step(case, "publish_licence", on=D(2025, 11, 12))
    page = client.get(URL).content.decode()
    assert "赵**" in page and "不予行政许可" in page
    assert "赵小红" not in page and number not in page


def test_withdrawn_publication_stays_hidden(client, major_to_review, attach, step, tree):
    case = _published(major_to_review, attach, step, tree, fine_amount=Decimal("5000"))
    assert case.number in _rows(client)
    step(case, "revoke", on=D(2025, 11, 24), comment="复议撤销")
    assert case.number not in _rows(client)
    step(case, "withdraw_publication", on=D(2025, 11, 25))
    assert case.publication_withdrawn_on == D(2025, 11, 25)
    assert case.number not in _rows(client)


def test_filters_by_act_type_body_and_text(client, licence, measure, inspection, step, body_a, body_b):
    for case, name, on in ((licence, "publish_licence", 25), (measure, "publish_measure", 12),
                           (inspection, "publish_inspection", 7)):
        step(case, name, on=D(2025, 11, on))
    assert set(_rows(client, act_type="licensing")) == {licence.number}
    assert set(_rows(client, act_type="inspection")) == {inspection.number}
    assert set(_rows(client, body=body_a.pk)) == {licence.number, measure.number, inspection.number}
    # Only bodies with published decisions are offered: another body is not a valid choice (the filter is
    # then ignored, as on every list) and is not in the select.
    page = client.get(URL).content.decode()
    assert body_a.unit.name in page and body_b.unit.name not in page
    assert set(_rows(client, q="转移违法所得")) == {measure.number}
    assert set(_rows(client, q="东市监检")) == {inspection.number}


def test_anonymous_paged_and_bounded(client, licence, step, django_assert_max_num_queries, make_case, attach):
    step(licence, "publish_licence", on=D(2025, 11, 25))
    for n in range(30):  # more than a page; quick path: published licences written directly
        case = make_case(act_type="licensing", item=licence.item, number=f"东市监许〔2025〕{100 + n}号", fine_amount=None)
        _set(case, state="licence_published", outcome="granted", decided_on=D(2025, 11, 10),
             published_on=D(2025, 11, 12))
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 31 and len(response.context["rows"]) == 25
    assert client.get(URL, {"page": 2}).context["rows"]
    assert client.get(URL, {"page": 2}).status_code == 200
