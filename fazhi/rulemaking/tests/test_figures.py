import datetime

import pytest

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.figures.registry import compute
from fazhi.rulemaking.models import LegalityReview, NormativeDocument

from .conftest import make_body

D = datetime.date
pytestmark = pytest.mark.django_db


def doc(body, unit, title, **fields):
    document = NormativeDocument(drafting_body=body, leading_unit=unit, title=title, **fields)
    with acting_as(SYSTEM):
        document.save()
    return document


@pytest.fixture
def documents(tree, body):
    """Four documents published in 2025 in county A, one in county B, one unpublished draft."""
    published = dict(state="filed", published_on=D(2025, 9, 5), filing_due_on=D(2025, 10, 9))
    # Filed on the 30th day's due date, moved off the National Day holiday: on time.
    a = doc(body, tree.dept_a, "甲", **published, filed_on=D(2025, 10, 9), filing_materials_complete=True)
    # One day late.
    doc(body, tree.dept_a, "乙", **published, filed_on=D(2025, 10, 10), filing_materials_complete=False)
    doc(body, tree.dept_a, "丙", **published, filed_on=D(2025, 9, 20), filing_materials_complete=True)
    doc(body, tree.dept_a, "丁", state="published", published_on=D(2025, 9, 5), filing_due_on=D(2025, 10, 9))
    doc(body, tree.dept_a, "草稿", state="drafting")
    doc(make_body(tree.dept_b), tree.dept_b, "西山", **published, filed_on=D(2025, 10, 20),
        filing_materials_complete=False)
    with acting_as(SYSTEM):
        LegalityReview(document=a, reviewer=tree.reviewer_a, outcome="pass", reviewed_on=D(2025, 8, 15)).save()
    return a


def value(key, user, **cut):
    return compute(key, user=user, start=D(2025, 1, 1), end=D(2025, 12, 31), **cut)


def test_counts_and_rates_for_county_a(tree, documents):
    user = tree.coordinator_a
    assert value("rulemaking.documents.published", user).value == 4
    assert value("rulemaking.documents.filed", user).value == 3
    assert value("rulemaking.reviews.done", user).value == 1
    filing = value("rulemaking.filing.rate", user)
    assert (filing.numerator, filing.denominator) == (3, 4)
    on_time = value("rulemaking.filing.on_time_rate", user)
    assert (on_time.numerator, on_time.denominator) == (2, 3)
    conformity = value("rulemaking.filing.conformity_rate", user)
    assert (conformity.numerator, conformity.denominator) == (2, 3)


def test_city_sees_both_counties_and_other_county_sees_only_its_own(tree, documents):
    assert value("rulemaking.filing.on_time_rate", tree.city_coordinator).denominator == 4
    outsider = value("rulemaking.filing.on_time_rate", tree.outsider)
    assert (outsider.numerator, outsider.denominator) == (0, 1)
    assert value("rulemaking.reviews.done", tree.outsider).value == 0


def test_zero_denominator_has_no_value(tree, documents):
    rate = compute("rulemaking.filing.rate", user=tree.coordinator_a, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert rate.value is None and rate.reason == "分母为零"
