"""The demo's case-file review: one build (tree, enforcement, cases, then this app) on a fixed day,
rolled back after the class."""

import datetime
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from fazhi.casereviews import demo
from fazhi.casereviews.models import (
    FileReview,
    FindingState,
    ReminderLetter,
    ReviewFinding,
    ReviewPlan,
    WrongCaseAccountability,
)
from fazhi.casereviews.services import verify_plan
from fazhi.cases import demo as cases_demo
from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.enforcement import demo as enforcement_demo
from fazhi.figures.registry import compute
from fazhi.procedures.models import Deadline

TODAY = datetime.date(2026, 6, 15)
ELAPSED = {}


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp, override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            with acting_as(SYSTEM), audit.deferred():
                built = _Builder(DEFAULT_SEED).build()
                enforcement_demo.build(built)
                cases_demo.build(built)
                started = time.perf_counter()
                demo.build(built)
                ELAPSED["demo"] = time.perf_counter() - started
            yield built
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestTheDemoCaseReviews:
    def test_yearly_plan_drawn_scored_and_verifiable(self):
        plan = ReviewPlan.objects.get(period_kind="yearly")
        assert plan.state == "finished" and plan.year == 2025 and plan.min_per_body == 2
        assert verify_plan(plan) == []
        out = StringIO()
        call_command("casereviews", "verify-draw", str(plan.pk), stdout=out)
        assert out.getvalue().startswith("一致")
        reviews = FileReview.objects.filter(plan=plan)
        assert reviews.count() >= 2 * len(plan.inputs["entity_groups"]) - sum(
            1 for g in plan.inputs["entity_groups"] if len(g["entities"]) < 2) - sum(
            2 for g in plan.inputs["entity_groups"] if not g["entities"])
        assert not reviews.filter(scored_on__isnull=True).exists()
        grades = set(reviews.values_list("grade", flat=True))
        assert {"excellent", "good", "fail"} <= grades
        for review in reviews.select_related("case"):
            assert review.case.closed_on.year == 2025

    def test_findings_letter_accountability(self):
        findings = ReviewFinding.objects.all()
        assert findings.filter(state=FindingState.ACCEPTED).exists()
        assert findings.filter(state=FindingState.CORRECTED).exists() or findings.filter(
            state=FindingState.RETURNED).count() >= 2
        overdue = Deadline.objects.with_status(TODAY).filter(key="casereviews.correction", status="overdue")
        due_soon = Deadline.objects.with_status(TODAY).filter(key="casereviews.correction", status="due_soon")
        assert overdue.exists() and due_soon.exists()
        assert ReminderLetter.objects.count() == 1 and ReminderLetter.objects.get().file
        assert WrongCaseAccountability.objects.count() == 2

    def test_quarterly_plan_committed_not_drawn(self):
        plan = ReviewPlan.objects.get(period_kind="quarterly")
        assert plan.state == "committed" and plan.seed_hash and plan.published_draw()["seed"] is None

    def test_figures(self, city):
        admin = city.users["admin"]
        reviewed = compute("casereviews.files.reviewed", user=admin, start=datetime.date(2026, 1, 1),
                           end=TODAY).value
        assert reviewed == FileReview.objects.filter(scored_on__isnull=False).count()
        assert 60 < compute("casereviews.files.average_score", user=admin).value < 95

    def test_speed(self):
        assert ELAPSED["demo"] < 10

    def test_report(self, capsys):
        plan = ReviewPlan.objects.get(period_kind="yearly")
        with capsys.disabled():
            print(f"\ncasereviews demo: {ELAPSED['demo']:.2f}s, {plan.reviews.count()} files, "
                  f"{ReviewFinding.objects.count()} findings, groups {[len(g['entities']) for g in plan.inputs['entity_groups']]}")
