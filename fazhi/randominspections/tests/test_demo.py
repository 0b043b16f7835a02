"""The demo's random inspections: one build for the class, on a fixed day, rolled back after it."""

import datetime
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.enforcement import demo as enforcement_demo
from fazhi.figures.registry import compute
from fazhi.randominspections import demo
from fazhi.randominspections.models import InspectionEntity, InspectionPlan, InspectionResult
from fazhi.randominspections.services import verify_plan

TODAY = datetime.date(2026, 6, 15)
ELAPSED = {}


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            with acting_as(SYSTEM), audit.deferred():
                built = _Builder(DEFAULT_SEED).build()
                enforcement_demo.build(built)
                started = time.perf_counter()
                demo.build(built)
                ELAPSED["demo"] = time.perf_counter() - started
            yield built
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestTheDemoRandomInspections:
    def test_shape_and_speed(self):
        assert InspectionEntity.objects.count() == 500
        assert set(InspectionEntity.objects.values_list("risk_level", flat=True)) == {"high", "medium", "low"}
        plan = InspectionPlan.objects.get()
        assert plan.state == "drawn" and plan.seed and plan.seed_hash
        results = InspectionResult.objects.filter(plan=plan)
        assert 10 <= results.count() <= 40
        assert results.filter(state="published").exists() and results.filter(state="picked").exists()
        published = [r for r in results if r.published_on]
        assert any(r.published_late for r in published) and any(not r.published_late for r in published)

    def test_draw_verifies(self):
        plan = InspectionPlan.objects.get()
        assert verify_plan(plan) == []
        out = StringIO()
        call_command("inspections", "verify-draw", str(plan.pk), stdout=out)
        assert out.getvalue().startswith("一致")

    def test_figures(self, city):
        admin = next(u for u in city.users.values() if u.is_superuser)
        rate = compute("randominspections.results.published_on_time", user=admin)
        assert 0 < rate.numerator < rate.denominator
        assert compute("randominspections.entities.coverage", user=admin).denominator == 500
