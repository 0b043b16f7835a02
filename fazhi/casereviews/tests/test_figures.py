"""Figures on hand-checked data: two files (95 and 59 points), two findings of which one accepted, one
letter, one accountability record."""

from decimal import Decimal

import pytest

from fazhi.casereviews import services
from fazhi.casereviews.tests.conftest import D, full_points
from fazhi.figures.registry import compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree, drawn_plan, sheet, pdf):
    items = list(sheet.items.order_by("order"))
    good, bad = list(drawn_plan.reviews.order_by("pk"))
    services.score_file(actor=tree.coordinator_a, review=good, on=D(2025, 10, 20),
                        points=full_points(sheet, {items[0].pk: Decimal(1)}))  # 95
    services.score_file(actor=tree.coordinator_a, review=bad, on=D(2025, 10, 21),
                        points=full_points(sheet, {i.pk: Decimal(0) for i in items[2:8]}))  # 100 - (8+8+5+4+8+8) = 59: 不合格
    first = services.return_finding(actor=tree.coordinator_a, review=bad, category="facts", text="证据不足",
                                    returned_on=D(2025, 10, 25), due_on=D(2025, 11, 25))
    services.return_finding(actor=tree.coordinator_a, review=bad, category="law", text="适用条款不具体",
                            returned_on=D(2025, 10, 25), due_on=D(2025, 11, 25))
    services.add_evidence(actor=tree.officer_a, finding=first, file=pdf())
    services.finding_step(actor=tree.officer_a, finding=first, name="correct", comment="已整改", on=D(2025, 11, 10))
    services.finding_step(actor=tree.coordinator_a, finding=first, name="accept", on=D(2025, 11, 12))
    services.issue_letter(actor=tree.coordinator_a, findings=[first], issued_on=D(2025, 11, 28))
    services.create_accountability(actor=tree.coordinator_a, body=bad.body, case=bad.case, persons="承办人",
                                   error_kind="facts", found_by="review", decision="admonition",
                                   decided_on=D(2025, 11, 30), decided_by="东城区市场监督管理局", basis="规定")
    return good, bad


def _value(key, user, start=None, end=None):
    return compute(key, user=user, start=start or D(2025, 1, 1), end=end or D(2025, 12, 31))


def test_figures_on_hand_checked_data(tree, data):
    user = tree.coordinator_a
    assert _value("casereviews.files.reviewed", user).value == 2
    assert _value("casereviews.files.average_score", user).value == 77  # (95 + 59) / 2
    assert [_value(f"casereviews.files.{g}", user).value for g in ("excellent", "good", "pass", "fail")] == [1, 0, 0, 1]
    assert _value("casereviews.findings.total", user).value == 2
    assert _value("casereviews.findings.corrected", user).value == 1
    rate = _value("casereviews.findings.correction_rate", user)
    assert (rate.numerator, rate.denominator, rate.percent) == (1, 2, Decimal("50.00"))
    assert _value("casereviews.letters.total", user).value == 1
    assert _value("casereviews.accountability.total", user).value == 1


def test_figures_outside_the_period_and_the_county(tree, data):
    assert _value("casereviews.files.average_score", tree.coordinator_a, D(2024, 1, 1), D(2024, 12, 31)).value is None
    rate = _value("casereviews.findings.correction_rate", tree.outsider)
    assert rate.value is None and rate.reason == "分母为零"
    assert _value("casereviews.files.reviewed", tree.outsider).value == 0
