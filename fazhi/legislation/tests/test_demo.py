"""The demo builder on a real demo city (the organisation tree of fazhi.core.demo, without other apps)."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.core.models import User
from fazhi.figures.registry import compute
from fazhi.legislation import demo
from fazhi.legislation.models import (
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PostLegislativeEvaluation,
)

D = datetime.date


def build():
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        city = _Builder(DEFAULT_SEED).build()
        demo.build(city)
    return city


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2025, 12, 1), D(2026, 3, 5), D(2026, 11, 22)])
def test_demo_builds_plans_points_opinions_and_evaluations(today, day):
    today(day)
    build()
    plans = LegislativePlan.objects.all()
    assert sorted(plans.values_list("year", flat=True)) == [day.year - 1] * 2 + [day.year] * 2
    for year in (day.year - 1, day.year):
        by_category = dict(LegislativeProject.objects.filter(plan__year=year).values_list("category")
                           .annotate(n=Count("pk")))
        assert by_category == {"formal": 10, "preparatory": 4}, year
    statuses = set(LegislativeProject.objects.values_list("status", flat=True))
    assert {"planned", "drafting", "consultation", "review", "passed", "published", "suspended",
            "terminated"} <= statuses
    for project in LegislativeProject.objects.filter(status="published"):
        assert project.passed_on <= project.published_on <= day and project.published_on <= project.effective_on
    assert ContactPoint.objects.filter(kind="contact", active=True).count() == 8
    assert 24 <= ContactPoint.objects.filter(kind="collection", active=True).count() <= 40
    assert ContactPoint.objects.filter(active=False).count() == 1
    assert 120 <= Opinion.objects.count() <= 200
    assert Opinion.objects.exclude(adoption="pending").exists() and Opinion.objects.filter(
        adoption="pending").exists()
    assert not Opinion.objects.filter(received_on__gt=day).exists()
    assert PostLegislativeEvaluation.objects.count() == 4
    assert PostLegislativeEvaluation.objects.filter(finished_on__isnull=False).count() == 3
    coordinator = User.objects.get(username="coord_city")
    gathered = compute("legislation.opinions.gathered", user=coordinator, start=D(day.year - 1, 1, 1), end=day)
    assert gathered.value == Opinion.objects.count()
    assert verify().ok
