"""The demo's enforcement cases: one build for the class (the organisation tree, the enforcement demo,
then this app's demo, on a fixed day), rolled back after it."""

import datetime
import time

import pytest
from django.db import transaction

from fazhi.cases import demo
from fazhi.cases.models import DiscretionBenchmark, EnforcementCase
from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.enforcement import demo as enforcement_demo
from fazhi.figures.registry import compute

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
class TestTheDemoCases:
    def test_shape_and_time(self):
        cases = EnforcementCase.objects.all()
        print(f"cases demo: {cases.count()} cases in {ELAPSED['demo']:.1f} s")
        assert cases.count() >= 300
        assert DiscretionBenchmark.objects.filter(lenient=True).exists()
        major = cases.filter(major=True, decided_on__isnull=False)
        assert 0.03 < major.count() / cases.count() < 0.15
        assert cases.filter(state="closed").exists() and cases.filter(state="investigating").exists()
        for case in cases.filter(party_kind="person")[:20]:
            assert case.party_id_number not in case.masked_party

    def test_figures_show_the_gaps(self):
        year = {"user": SYSTEM, "start": datetime.date(2025, 6, 16), "end": TODAY}
        review = compute("cases.legal_review_rate", **year)
        assert review.denominator and review.numerator < review.denominator
        publicity = compute("cases.publicity_on_time_rate", **year)
        assert 0.6 < publicity.numerator / publicity.denominator < 0.95
        av = compute("cases.audio_video_rate", **year)
        assert av.numerator < av.denominator
        in_time = compute("cases.decided_in_time_rate", **year)
        assert in_time.numerator < in_time.denominator
        assert compute("cases.fines", **year).value > 0
