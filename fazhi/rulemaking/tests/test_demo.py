"""The demo's normative documents: five years of them, taken through the real procedure with real dates.

One build (the organisation tree of fazhi.core.demo plus this app's demo, on a fixed day) is shared by
the checks of a class and rolled back after it; another build runs on a day whose year has no holiday
data, which must not crash.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings

from fazhi.calendar import service as calendar
from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.core.models import Region, User
from fazhi.figures.registry import compute
from fazhi.procedures.models import Deadline, TransitionLog
from fazhi.procedures.selectors import home_context
from fazhi.rulemaking import demo
from fazhi.rulemaking.models import (
    ENDED_STATES,
    VALID_STATES,
    CampaignState,
    CleanupCampaign,
    CleanupDecision,
    CommentStatus,
    DocumentEvaluation,
    DocumentState,
    DraftingBody,
    NormativeDocument,
    PublicComment,
    add_years,
)

D = datetime.date
S = DocumentState
# Mid-year: every deadline the demo starts falls in a year the calendar covers, so no step may be
# refused (a refusal for another reason fails the build).
TODAY = D(2026, 6, 15)


def build(day: datetime.date, media: str) -> None:
    with pytest.MonkeyPatch.context() as mp, override_settings(MEDIA_ROOT=media):
        mp.setattr("fazhi.procedures.clock.today", lambda: day)
        with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
            demo.build(_Builder(DEFAULT_SEED).build())


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker, tmp_path_factory):
    """One build for the class, rolled back after it; today stays fixed while its tests run."""
    with django_db_blocker.unblock(), transaction.atomic():
        build(TODAY, str(tmp_path_factory.mktemp("media")))
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            yield
        transaction.set_rollback(True)


def states() -> dict[str, int]:
    return dict(NormativeDocument.objects.values_list("state").annotate(n=Count("pk")).order_by())


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestTheDemoDocuments:
    def test_about_300_documents_over_five_years_in_every_state(self):
        docs = NormativeDocument.objects.all()
        assert docs.count() >= 300
        five_years_ago = add_years(TODAY, -5)
        assert docs.filter(published_on__gte=five_years_ago, published_on__lte=TODAY).count() >= 270
        assert not docs.filter(published_on__gt=TODAY).exists()
        counts = states()
        assert {S.IN_FORCE, S.LAPSED, S.REPEALED, S.AMENDED, S.CORRECTION, S.PUBLIC_COMMENT, S.LEGALITY_REVIEW,
                S.DELIBERATION, S.REGISTERED, S.DRAFTING} <= set(counts), counts
        # Nothing stopped half-way for want of holiday data on a day the calendar covers.
        assert (counts[S.PUBLIC_COMMENT], counts[S.LEGALITY_REVIEW], counts[S.DELIBERATION],
                counts[S.REGISTERED]) == (6, 3, 3, 2), counts
        assert counts[S.IN_FORCE] > 200, counts
        # Issued by the city government, its departments and every county government, topics set.
        assert DraftingBody.objects.filter(confirmed=True).count() == 24
        regions = dict(docs.values_list("drafting_body__region_id").annotate(n=Count("pk")).order_by())
        assert len(regions) == 6 and min(regions.values()) >= 20, regions
        assert docs.filter(topic="").count() == 0
        assert docs.values("topic").distinct().count() >= 15
        assert docs.values("title").distinct().count() == docs.count()

    def test_every_step_went_through_the_engine(self):
        ct = ContentType.objects.get_for_model(NormativeDocument)
        moved = NormativeDocument.objects.exclude(state=S.DRAFTING)
        logged = TransitionLog.objects.filter(content_type=ct)
        assert set(logged.values_list("object_id", flat=True)) == set(moved.values_list("pk", flat=True))
        assert set(logged.values_list("to_state", flat=True)) >= {S.FILED, S.IN_FORCE, S.MATERIALS, S.CORRECTION,
                                                                   S.LAPSED, S.REPEALED, S.AMENDED}
        # Drafters, reviewers and coordinators acted; the system only lapses and supersedes.
        # The review deadline is met by the opinion, on its date; three drafts are under review now.
        review = Deadline.objects.filter(content_type=ct, key="rulemaking.legality_review")
        assert not review.filter(stopped_on__isnull=False).exclude(stopped_by_transition="review").exists()
        assert review.filter(stopped_on__isnull=True).count() == 3
        by_system = set(logged.filter(actor__isnull=True).values_list("transition", flat=True))
        assert by_system == {"lapse", "supersede"}
        actors = dict(logged.filter(transition="conform").values_list("actor__username").annotate(n=Count("pk"))
                      .order_by())
        assert set(actors) <= {"reviewer_city1", "reviewer_city2"}, actors
        assert set(logged.filter(transition="file").values_list("actor__username", flat=True)) <= set(
            User.objects.filter(roles__role__in=["legal_officer", "coordinator"]).values_list("username", flat=True))

    def test_dates_are_in_the_order_of_the_procedure(self):
        docs = (NormativeDocument.objects.filter(published_on__isnull=False)
                .prefetch_related("reviews", "deliberations"))
        for doc in docs:
            reviews = sorted(r.reviewed_on for r in doc.reviews.all())
            held = max(d.held_on for d in doc.deliberations.all())
            market_minimum = doc.comment_opened_on + datetime.timedelta(days=30)
            assert (doc.comment_closed_on >= market_minimum if doc.market_related
                    else calendar.working_days_between(doc.comment_opened_on, doc.comment_closed_on) >= 7), doc
            assert doc.comment_closed_on <= reviews[0] and reviews[-1] <= held <= doc.registered_on, doc
            assert doc.registered_on <= doc.published_on <= TODAY, doc
            if doc.early_effect_reason:
                assert doc.effective_on >= doc.published_on
            else:
                assert doc.effective_on >= doc.published_on + datetime.timedelta(days=30), doc
            assert doc.expires_on == add_years(doc.effective_on, doc.validity_years) - datetime.timedelta(days=1)
            assert doc.validity_years == (2 if doc.is_provisional else 5), doc
            if doc.filed_on:
                assert doc.published_on <= doc.filed_on <= TODAY
            if doc.filing_reviewed_on:
                assert doc.filed_on <= doc.filing_reviewed_on <= TODAY
            if doc.ended_on:
                assert doc.published_on <= doc.ended_on <= TODAY
        assert NormativeDocument.objects.exclude(early_effect_reason="").exists()
        assert NormativeDocument.objects.filter(validity_years=2).exists()

    def test_late_missing_and_nonconforming_filings(self):
        published = NormativeDocument.objects.filter(published_on__isnull=False)
        n = published.count()
        late = published.filter(filed_on__gt=F("filing_due_on")).count()
        missing = published.filter(filed_on__isnull=True, filing_due_on__lt=TODAY).count()
        nonconforming = published.filter(nonconforming_on__isnull=False)
        assert 0.03 * n <= late <= 0.09 * n, (late, n)
        assert 0.02 * n <= missing <= 0.07 * n, (missing, n)
        assert 0.02 * n <= nonconforming.count() <= 0.07 * n
        # Most were corrected and refiled; two are still being corrected.
        assert nonconforming.filter(corrected_on__isnull=False, state__in=[S.IN_FORCE, *ENDED_STATES]).count() >= 5
        assert published.filter(state=S.CORRECTION).count() == 2
        assert not published.filter(state=S.CORRECTION, filing_findings="").exists()
        assert published.filter(filing_materials_complete=False).count() >= 5
        # A filing overdue now is on the home page of the city coordinator.
        assert home_context(User.objects.get(username="coord_city"), TODAY)["overdue_count"] >= 1

    def test_the_figures_of_the_last_full_year_are_real_rates(self):
        year = TODAY.year - 1
        for key in ("rulemaking.filing.rate", "rulemaking.filing.on_time_rate", "rulemaking.filing.conformity_rate"):
            value = compute(key, user=User.objects.get(username="coord_city"), region=Region.objects.get(code="990100"),
                            start=D(year, 1, 1), end=D(year, 12, 31))
            assert value.denominator >= 30 and 0 < value.value < 1, (key, value)

    def test_expired_documents_lapsed_and_expiring_ones_are_evaluated(self):
        docs = NormativeDocument.objects.all()
        # Five years ago or earlier: all ended; nothing valid past its validity.
        assert not docs.filter(published_on__lt=add_years(TODAY, -5)).exclude(state__in=ENDED_STATES).exists()
        assert docs.filter(published_on__lt=add_years(TODAY, -5)).count() >= 15
        assert not docs.filter(state__in=VALID_STATES, expires_on__lt=TODAY).exists()
        lapsed = docs.filter(state=S.LAPSED, expires_on__lt=TODAY)
        assert lapsed.filter(validity_years=2).exists() and lapsed.filter(validity_years=5).exists()
        assert not lapsed.exclude(ended_on=F("expires_on") + datetime.timedelta(days=1)).exclude(
            cleanup_items__decision=CleanupDecision.LAPSE).exists()
        # The evaluation before expiry: deadlines opened by the daily job, some met by an evaluation.
        ct = ContentType.objects.get_for_model(NormativeDocument)
        evaluation = Deadline.objects.filter(content_type=ct, key="rulemaking.evaluation")
        assert evaluation.filter(stopped_on__isnull=True).exists()
        assert evaluation.filter(stopped_by_transition="evaluation").exists()
        assert DocumentEvaluation.objects.values("conclusion").distinct().count() >= 3
        assert DocumentEvaluation.objects.filter(document__state=S.LAPSED).exists()

    def test_revisions_supersede_and_some_documents_are_repealed(self):
        amended = NormativeDocument.objects.filter(state=S.AMENDED)
        assert amended.count() >= 8
        for old in amended:
            new = old.amendments.get()
            assert new.state in VALID_STATES and new.published_on == old.ended_on > old.published_on
        assert NormativeDocument.objects.filter(state=S.DRAFTING, amends__isnull=False).exists() or (
            NormativeDocument.objects.filter(amends__cleanup_items__decision=CleanupDecision.AMEND).count() >= 5)
        repealed = NormativeDocument.objects.filter(state=S.REPEALED)
        assert repealed.filter(cleanup_items__isnull=True).count() >= 3
        ct = ContentType.objects.get_for_model(NormativeDocument)
        assert not TransitionLog.objects.filter(content_type=ct, transition="repeal", comment="").exists()

    def test_the_city_cleanup_is_published_and_a_county_cleanup_is_open(self):
        city = CleanupCampaign.objects.get(state=CampaignState.PUBLISHED)
        assert city.title == f"{TODAY.year - 1}年云川市行政规范性文件集中清理"
        assert city.unit.name == "云川市人民政府" and city.started_on < city.published_on < TODAY
        decisions = dict(city.items.values_list("decision").annotate(n=Count("pk")).order_by())
        assert 35 <= sum(decisions.values()) <= 45 and "" not in decisions
        assert set(decisions) == set(CleanupDecision.values) and decisions[CleanupDecision.KEEP] > 20, decisions
        assert set(city.items.values_list("document__drafting_body__region_id", flat=True)) == {"990100"}
        for decision, state in ((CleanupDecision.REPEAL, S.REPEALED), (CleanupDecision.LAPSE, S.LAPSED)):
            ended = city.items.filter(decision=decision)
            assert ended.filter(document__state=state, document__ended_on=city.published_on).count() == ended.count()
            assert not ended.filter(reason="").exists()
        county = CleanupCampaign.objects.get(state=CampaignState.OPEN)
        assert county.unit.region_id == "990102" and county.items.filter(decision="").exists()
        assert county.items.exclude(decision="").exists()

    def test_drafts_open_for_comment_on_the_portal_with_comments(self):
        open_drafts = NormativeDocument.objects.filter(state=S.PUBLIC_COMMENT)
        assert open_drafts.count() >= 5
        for doc in open_drafts:
            assert TODAY - datetime.timedelta(days=7) <= doc.comment_opened_on <= TODAY
            assert doc.comments.exists()
        comments = PublicComment.objects.all()
        assert set(comments.values_list("document__state", flat=True)) == {S.PUBLIC_COMMENT}
        answered = comments.filter(status=CommentStatus.PUBLISHED)
        assert answered.count() >= 5 and not answered.filter(adoption="").exists()
        assert not answered.exclude(adoption="adopted").filter(response="").exists()
        assert comments.filter(status=CommentStatus.PENDING).count() >= 3
        assert not comments.filter(status=CommentStatus.REJECTED, moderation_note="").exists()

    def test_the_audit_chain_verifies(self):
        assert verify().ok


@pytest.mark.django_db
def test_a_year_without_holiday_data_does_not_crash_the_demo(tmp_path):
    """In a year the calendar does not cover yet, steps whose deadlines fall in it are not taken."""
    day = D(max(calendar.covered_years()) + 1, 1, 20)
    build(day, str(tmp_path))
    docs = NormativeDocument.objects.all()
    assert docs.count() >= 300
    assert docs.filter(state=S.IN_FORCE).count() > 200
    assert docs.filter(state=S.PUBLIC_COMMENT).count() >= 6
    assert CleanupCampaign.objects.filter(state=CampaignState.PUBLISHED).exists()
    # Published this year: the filing deadline cannot be computed, so the documents wait at registration.
    assert not docs.filter(published_on__year=day.year).exists()
    assert docs.filter(state=S.REGISTERED, registered_on__year=day.year).exists()
    assert verify().ok
