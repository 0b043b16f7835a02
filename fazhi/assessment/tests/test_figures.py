from decimal import Decimal

import pytest

from fazhi.assessment import services
from fazhi.assessment.models import ScoreEntry
from fazhi.figures.registry import compute

from .conftest import D, documents

pytestmark = pytest.mark.django_db


def value(key, user, **cut):
    return compute(key, user=user, start=D(2025, 1, 1), end=D(2025, 12, 31), **cut)


def test_figures_count_only_finalised_rounds(tree, open_round, today):
    assert value("assessment.units.assessed", tree.city_coordinator).value == 0
    documents(tree, tree.dept_a, filed=1, unfiled=0)
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    for e in ScoreEntry.objects.filter(participant__round=open_round).select_related("indicator"):
        if e.indicator.method == "computed" and e.participant.unit == tree.gov_a:
            continue  # 100% filed: 40 points from the data
        full = e.participant.unit == tree.gov_a
        services.score(actor=tree.city_coordinator, entry=e, score=e.indicator.points if full else Decimal(10))
    today(D(2025, 12, 15))
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="notify_results")
    today(D(2025, 12, 23))
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="finalise")
    city = tree.city_coordinator
    assert value("assessment.units.assessed", city).value == 2
    assert value("assessment.units.assessed.county", city).value == 2
    assert value("assessment.units.assessed.department", city).value == 0
    # A: 100; B: 10 × 3 = 30.
    assert value("assessment.scores.average.county", city).value == 65
    assert value("assessment.scores.band.excellent", city).value == 1
    assert value("assessment.scores.band.fail", city).value == 1
    lost = value("assessment.entries.lost_rate", city)
    assert (lost.numerator, lost.denominator) == (3, 6)
    # County A's coordinator sees county A only.
    assert value("assessment.units.assessed", tree.coordinator_a).value == 1
    assert value("assessment.units.assessed", tree.outsider).value == 1
    assert value("assessment.units.assessed", city, region=tree.county_a).value == 1


def test_figures_command_lists_assessment_figures(tree):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("figures", "--key", "assessment", stdout=out)
    text = out.getvalue()
    assert "被考核单位数" in text and "平均得分：县（市、区）" in text and "指标失分率" in text


def test_bands_by_category_are_declared():
    from fazhi.figures.registry import get

    assert str(get("assessment.scores.band.department.fail").label) == "市直部门得分不足60分的单位数"
