"""The demo: last year's round finished and ranked, this year's open with evidence, through the services."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from fazhi.assessment import demo, scoring
from fazhi.assessment.models import AssessmentRound, Evidence, IndicatorSystem, RoundState
from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.procedures.models import Deadline

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp, override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("m"))):
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            with acting_as(SYSTEM), audit.deferred():
                demo.build(_Builder(DEFAULT_SEED).build())
            yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestAssessmentDemo:
    def test_two_versions_of_the_system(self):
        versions = list(IndicatorSystem.objects.filter(title=demo.TITLE).order_by("version")
                        .values_list("version", "year", "frozen_on"))
        assert versions == [(1, 2025, datetime.date(2025, 11, 20)), (2, 2026, TODAY)]

    def test_last_year_published_with_a_ranking(self):
        done = AssessmentRound.objects.get(year=2025)
        assert done.state == RoundState.PUBLISHED
        ranking = scoring.ranking(done)
        assert len(ranking["county"]) == 5 and len(ranking["department"]) == 6
        assert all(p.total is not None and p.rank for p in done.participants.all())

    def test_this_year_open_with_evidence_and_deadlines(self):
        current = AssessmentRound.objects.get(year=2026, system__title=demo.TITLE)
        assert current.state == RoundState.SELF_ASSESSMENT
        assert Evidence.objects.filter(entry__participant__round=current).count() >= 4
        # 11 assessed units, and the city government in its demonstration self-assessment.
        assert Deadline.objects.filter(key="assessment.evidence", stopped_on__isnull=True).count() == 12
        standings = scoring.ranking(current)
        assert {c for c in standings} == {"county", "department"}

    def test_the_city_self_assesses_against_the_demonstration_template(self):
        from fazhi.assessment import national

        own = AssessmentRound.objects.get(system__title=str(national.TITLE))
        assert own.system.is_frozen and own.state == RoundState.SELF_ASSESSMENT
        participant = own.participants.select_related("unit").get()
        assert participant.unit.name == "云川市人民政府" and participant.category == "self"
        scored = scoring.score_round(own)[participant.pk]
        computed = [s for s in scored.values() if s.entry.indicator.method == "computed"]
        assert computed and all(s.display for s in computed)  # filled from the city's records

    def test_demonstrations_and_villages_at_every_level(self):
        from fazhi.assessment.models import Demonstration, DemonstrationVillage

        assert set(DemonstrationVillage.objects.values_list("level", flat=True)) == {
            "national", "provincial", "city", "county"}
        assert set(Demonstration.objects.values_list("kind", flat=True)) == {"area", "unit", "project"}
        from fazhi.figures.registry import compute

        assert compute("assessment.villages.county", user=SYSTEM).value == 8
        assert compute("assessment.demonstrations.area.national", user=SYSTEM).value == 1
