"""The demo's enforcement cases: one build for the class (the organisation tree, the enforcement demo,
then this app's demo, on a fixed day), rolled back after it. Counts and shares, not timing
(docs/benchmarks.md has the timing)."""

import datetime

import pytest
from django.db import transaction

from fazhi.cases import demo
from fazhi.cases.models import DiscretionBenchmark, EnforcementCase
from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.core.models import AuditEvent
from fazhi.enforcement import demo as enforcement_demo
from fazhi.figures.registry import compute
from fazhi.procedures.models import Deadline

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            with acting_as(SYSTEM), audit.deferred():
                built = _Builder(DEFAULT_SEED).build()
                enforcement_demo.build(built)
                demo.build(built)
            yield built
        transaction.set_rollback(True)


def share(part, whole):
    return part.count() / whole.count()


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestTheDemoCases:
    def test_counts_and_shares(self):
        cases = EnforcementCase.objects.all()
        assert 18000 <= cases.count() <= 22000
        for act, low, high in [("penalty", 0.42, 0.48), ("inspection", 0.32, 0.38), ("licensing", 0.13, 0.17),
                               ("coercion", 0.04, 0.06)]:
            assert low < share(cases.filter(act_type=act), cases) < high, act
        penalties = cases.filter(act_type="penalty")
        assert 0.02 < share(penalties.filter(major=True), penalties) < 0.04
        assert DiscretionBenchmark.objects.filter(lenient=True).exists()
        assert cases.filter(state="closed").exists() and cases.filter(state="investigating").exists()
        assert cases.filter(follow_up_of__isnull=False).exists()
        for case in cases.filter(party_kind="person")[:20]:
            assert case.party_id_number not in case.masked_party

    def test_one_audit_event_per_bulk_batch_and_live_deadlines(self):
        batches = AuditEvent.objects.filter(action="bulk_create", object_type="cases.enforcementcase")
        assert sum(e.after["count"] for e in batches) > 18000
        assert batches.count() <= 10
        running = Deadline.objects.filter(content_type__model="enforcementcase", stopped_on__isnull=True)
        assert running.filter(key__in=["cases.decision", "cases.licence.decision"]).exists()

    def test_figures_show_the_gaps(self):
        year = {"user": SYSTEM, "start": datetime.date(2025, 6, 16), "end": TODAY}
        review = compute("cases.legal_review_rate", **year)
        assert review.denominator and review.numerator < review.denominator
        assert review.numerator / review.denominator > 0.95  # ~1 % of major decisions without a review
        publicity = compute("cases.publicity_on_time_rate", **year)
        assert 0.9 < publicity.numerator / publicity.denominator < 0.99  # ~4 % late, ~1 % never
        for act in ("penalty", "licensing", "coercion", "inspection"):
            assert compute(f"cases.publicity_on_time_rate.{act}", **year).denominator > 0
        av = compute("cases.audio_video_rate", **year)
        assert av.numerator < av.denominator
        in_time = compute("cases.decided_in_time_rate", **year)
        assert in_time.numerator < in_time.denominator
        assert compute("cases.fines", **year).value > 0
        seizures = EnforcementCase.objects.filter(act_type="coercion", recorded_acts=",seizure,")
        assert seizures.filter(audio_video_recorded=False).exists()


def test_registrations_are_spread_evenly_up_to_the_last_day_with_holiday_data():
    """Late in the year the last registration day (deadlines need holiday data) is earlier than seven
    weeks ago: the dates spread over the whole span instead of piling up on that day."""
    import random
    from collections import Counter
    from types import SimpleNamespace

    today, last = datetime.date(2026, 12, 7), datetime.date(2026, 8, 23)
    year = demo._Year(SimpleNamespace(rng=random.Random(7)), today, last)
    days = Counter(year.registered() for _ in range(5000))
    assert max(days) == last and min(days) >= today - datetime.timedelta(days=365)
    assert max(days.values()) < 5000 * 0.02  # ~260 days: about 19 a day, none holding a pile
