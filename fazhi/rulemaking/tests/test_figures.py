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


def test_lifecycle_figures_on_hand_made_data(tree, body, today):
    from fazhi.rulemaking.models import CleanupCampaign, CleanupItem, DocumentEvaluation, PublicComment

    today(D(2025, 12, 1))
    user = tree.coordinator_a
    # Registered 3 in 2025, 2 published; one found not conforming and corrected, one not yet corrected.
    a = doc(body, tree.dept_a, "甲", state="in_force", registered_on=D(2025, 3, 1), published_on=D(2025, 3, 2),
            nonconforming_on=D(2025, 5, 1), corrected_on=D(2025, 5, 20), expires_on=D(2026, 5, 31))
    doc(body, tree.dept_a, "乙", state="correction", registered_on=D(2025, 4, 1), published_on=D(2025, 4, 2),
        nonconforming_on=D(2025, 6, 1), expires_on=D(2030, 4, 1))
    doc(body, tree.dept_a, "丙", state="registered", registered_on=D(2025, 11, 1))
    doc(body, tree.dept_a, "丁", state="repealed", published_on=D(2019, 1, 1), ended_on=D(2025, 7, 1))
    doc(body, tree.dept_a, "戊", state="lapsed", published_on=D(2019, 1, 1), ended_on=D(2024, 7, 1),
        expires_on=D(2024, 6, 30))
    doc(body, tree.dept_a, "己", state="in_force", published_on=D(2021, 1, 1), expires_on=D(2025, 11, 30))  # past
    publication = value("rulemaking.publication.rate", user)
    assert (publication.numerator, publication.denominator) == (2, 3)
    correction = value("rulemaking.filing.correction_rate", user)
    assert (correction.numerator, correction.denominator) == (1, 2)
    assert value("rulemaking.filing.nonconforming", user).value == 2
    assert value("rulemaking.documents.valid", user).value == 3  # a point in time: 甲, 乙 and 己
    assert value("rulemaking.documents.expiring", user).value == 1  # 甲 (31 May 2026)
    today(D(2026, 6, 1))
    assert value("rulemaking.documents.expiring", user).value == 0  # computed against today, every time
    assert value("rulemaking.documents.repealed", user).value == 1
    assert value("rulemaking.documents.lapsed", user).value == 0  # lapsed in 2024
    with acting_as(SYSTEM):
        campaign = CleanupCampaign(title="清理", unit=tree.gov_a, started_on=D(2025, 9, 1), state="published",
                                   published_on=D(2025, 10, 1))
        campaign.save()
        CleanupItem(campaign=campaign, document=a, decision="keep").save()
        open_campaign = CleanupCampaign(title="未公布", unit=tree.gov_a, started_on=D(2025, 11, 1))
        open_campaign.save()
        CleanupItem(campaign=open_campaign, document=a, decision="repeal", reason="x").save()
        DocumentEvaluation(document=a, evaluated_on=D(2025, 11, 1), conclusion="continue", findings="好").save()
        DocumentEvaluation(document=a, evaluated_on=D(2025, 11, 2), conclusion="continue", findings="好").save()
        PublicComment(document=a, content="一", adoption="adopted").save()
        PublicComment(document=a, content="二", adoption="partly").save()
        PublicComment(document=a, content="三", adoption="not_adopted").save()
    assert value("rulemaking.cleanup.keep", user).value == 1
    assert value("rulemaking.cleanup.repeal", user).value == 0  # the open campaign is not counted
    assert value("rulemaking.evaluations.done", user).value == 1
    comments = compute("rulemaking.comments.received", user=user)
    assert comments.value == 3 and compute("rulemaking.comments.adopted", user=user).value == 2
    assert compute("rulemaking.comments.received", user=tree.outsider).value == 0
    assert compute("rulemaking.drafting_bodies.confirmed", user=user).value == 1
