"""Score sheets, plans and the verifiable draw, scoring, findings, letters and accountability records."""

import datetime
import io
import json
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from fazhi.casereviews import sampling, services
from fazhi.casereviews.models import (
    FileReview,
    FileReviewScore,
    FindingState,
    Grade,
    ReviewFinding,
    ReviewPlan,
    ScoreSheet,
)
from fazhi.casereviews.tests.conftest import TODAY, D, full_points
from fazhi.core.models import AuditEvent
from fazhi.procedures.models import Deadline
from fazhi.procedures.services import TransitionRefused
from fazhi.randominspections import draw as drawing

pytestmark = pytest.mark.django_db


def _counts():
    return (ReviewPlan.objects.count(), FileReview.objects.count(), FileReviewScore.objects.count(),
            ReviewFinding.objects.count(), AuditEvent.objects.count())


# ---- score sheets -----------------------------------------------------------------------------------


class TestScoreSheet:
    def test_default_sheet_adds_up_to_100_with_bands(self, tree, sheet):
        assert services.sheet_total(sheet) == 100
        assert set(sheet.items.values_list("category", flat=True)) == {
            "subject", "facts", "law", "procedure", "documents"}
        assert sheet.items.filter(basis__contains="第四十条").exists()
        assert [sheet.grade_for(Decimal(v)) for v in ("95", "90", "89.5", "80", "79.5", "60", "59.5", "0")] == [
            "excellent", "excellent", "good", "good", "pass", "pass", "fail", "fail"]
        # Created once: the demo and a second call find the same sheet.
        assert services.default_sheet(actor=tree.coordinator_a, unit=tree.justice_a) == sheet

    def test_bands_must_descend_within_0_100(self, tree):
        with pytest.raises(ValidationError) as exc:
            services.create_sheet(actor=tree.coordinator_a, unit=tree.justice_a, name="测试表", version="1",
                                  valid_from=D(2025, 1, 1), excellent_min=Decimal(85), good_min=Decimal(85))
        assert "良好最低分（85）须低于优秀最低分（85）" in exc.value.message_dict["good_min"][0]
        with pytest.raises(ValidationError) as exc:
            services.create_sheet(actor=tree.coordinator_a, unit=tree.justice_a, name="测试表", version="1",
                                  valid_from=D(2025, 1, 1), excellent_min=Decimal(120))
        assert "须在0至100分之间" in exc.value.message_dict["excellent_min"][0]
        assert not ScoreSheet.objects.filter(name="测试表").exists()

    def test_a_sheet_not_adding_up_to_100_cannot_be_used(self, tree, make_plan, make_closed, body_a):
        short = services.create_sheet(actor=tree.coordinator_a, unit=tree.justice_a, name="简表", version="1",
                                      valid_from=D(2025, 1, 1))
        services.add_sheet_item(actor=tree.coordinator_a, sheet=short, category="facts", criterion="事实清楚",
                                max_points=Decimal(60))
        make_closed(body_a)
        plan = make_plan(sheet=short)
        with pytest.raises(TransitionRefused) as exc:
            services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        assert "各项分值合计须为100分（现为60分）" in str(exc.value.reasons)
        plan.refresh_from_db()
        assert plan.state == "draft" and not plan.seed_hash

    def test_sheet_frozen_once_used(self, tree, drawn_plan, sheet):
        sheet.refresh_from_db()
        assert sheet.frozen
        with pytest.raises(ValidationError, match="已被评查计划使用，不能修改"):
            services.add_sheet_item(actor=tree.coordinator_a, sheet=sheet, category="facts", criterion="新增",
                                    max_points=Decimal(1))
        with pytest.raises(ValidationError, match="已被评查计划使用"):
            services.remove_sheet_item(actor=tree.coordinator_a, item=sheet.items.first())
        copy = services.new_sheet_version(actor=tree.coordinator_a, sheet=sheet, version="2026版",
                                          valid_from=D(2025, 12, 1))
        assert not copy.frozen and services.sheet_total(copy) == 100

    def test_other_county_cannot_write_a_sheet(self, tree, sheet):
        with pytest.raises(Http404):
            services.add_sheet_item(actor=tree.outsider, sheet=sheet, category="facts", criterion="x",
                                    max_points=Decimal(1))
        with pytest.raises(Http404):
            services.create_sheet(actor=tree.leader_a, unit=tree.justice_a, name="x", version="1",
                                  valid_from=D(2025, 1, 1))


# ---- plans and the draw -----------------------------------------------------------------------------


class TestPlan:
    def test_period_dates(self, make_plan):
        assert (make_plan().start_on, make_plan().end_on) == (D(2025, 1, 1), D(2025, 12, 31))
        q3 = make_plan(period_kind="quarterly", quarter=3)
        assert (q3.start_on, q3.end_on, q3.period_label) == (D(2025, 7, 1), D(2025, 9, 30), "2025年第3季度")
        feb = make_plan(period_kind="monthly", month=2, year=2024)
        assert (feb.start_on, feb.end_on) == (D(2024, 2, 1), D(2024, 2, 29))

    def test_bad_plan_input_in_chinese(self, make_plan, tree):
        before = _counts()
        with pytest.raises(ValidationError) as exc:
            make_plan(period_kind="quarterly", quarter=None, ratio_bp=0)
        assert exc.value.message_dict["quarter"] == ["季度评查计划须填写季度（1至4）。"]
        assert "抽取比例须在1至10000" in exc.value.message_dict["ratio_bp"][0]
        with pytest.raises(ValidationError) as exc:
            make_plan(reviewers=[tree.officer_b])
        assert "不能担任本计划的评查人员" in exc.value.message_dict["reviewers"][0]
        assert _counts() == before

    def test_other_county_and_leader_cannot_create(self, make_plan, tree):
        with pytest.raises(Http404):
            make_plan(actor=tree.outsider)
        with pytest.raises(Http404):
            make_plan(actor=tree.leader_a)

    def test_commit_publishes_hashes_not_the_seed(self, tree, make_plan, make_closed, body_a):
        for day in (D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)):
            make_closed(body_a, closed_on=day)
        plan = make_plan()
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        plan.refresh_from_db()
        assert plan.state == "committed" and len(plan.seed_hash) == 64 and len(plan.inputs_hash) == 64
        assert drawing.sha256_hex(plan.seed) == plan.seed_hash
        published = plan.published_draw()
        assert published["seed"] is None and published["picks"] is None
        assert published["inputs"]["entity_groups"] == [
            {"key": str(body_a.pk), "ratio_bp": 3334, "entities": sorted(
                plan.inputs["entity_groups"][0]["entities"])}]  # 5% of 3 is 1 file: raised to the minimum of 2
        assert drawing.group_size(3, 3334) == 2
        # A committed plan is frozen.
        with pytest.raises(ValidationError, match="不能修改"):
            services.save_plan(actor=tree.coordinator_a, plan=plan, bodies=[body_a], reviewers=[tree.reviewer_a])

    def test_sample_contains_only_closed_cases_of_the_period(self, tree, make_plan, make_closed, body_a, body_b):
        inside = [make_closed(body_a, closed_on=D(2025, m, 10)) for m in (1, 5, 12)]
        make_closed(body_a, closed_on=D(2024, 12, 31))  # before the period
        open_case = make_closed(body_a, closed_on=D(2025, 5, 1))
        open_case.closed_on, open_case.state = None, "executed"  # not closed
        open_case.save()
        make_closed(body_b, closed_on=D(2025, 5, 1))  # another body (another county)
        plan = make_plan(period_kind="yearly", ratio_bp=10000)
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="draw")
        plan.refresh_from_db()
        # 12-10 is after the commitment day (TODAY = 2025-12-01): not yet closed then.
        assert {r.case_id for r in plan.reviews.all()} == {inside[0].pk, inside[1].pk}
        assert plan.inputs["closed_by"] == TODAY.isoformat()

    def test_no_bodies_chosen_means_every_active_body_of_the_region(self, tree, make_plan, make_closed, body_a,
                                                                    body_b, body_justice):
        make_closed(body_a)
        plan = make_plan(bodies=[])
        assert list(sampling.bodies_in_scope(plan)) == [body_a, body_justice]  # not county B's body
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        plan.refresh_from_db()
        assert [g["key"] for g in plan.inputs["entity_groups"]] == [str(body_a.pk), str(body_justice.pk)]

    def test_monthly_minimum_per_body(self):
        assert sampling.group_ratio(40, 500, 2) == 500  # 5% of 40 = 2
        assert drawing.group_size(7, sampling.group_ratio(7, 500, 2)) == 2
        assert drawing.group_size(1, sampling.group_ratio(1, 500, 2)) == 1
        assert sampling.group_ratio(0, 500, 2) == 500
        for n in range(1, 300):
            assert drawing.group_size(n, sampling.group_ratio(n, 500, 3)) == max(min(3, n), -(-n * 500 // 10000))

    def test_draw_reproducible_and_verifiable(self, tree, drawn_plan):
        assert drawn_plan.state == "reviewing"
        assert services.verify_plan(drawn_plan) == []
        picks = drawing.draw(drawn_plan.inputs, drawn_plan.seed)
        assert picks == drawn_plan.picks and len(picks) == 2
        assert {r.case.number for r in drawn_plan.reviews.select_related("case")} == {p["entity"] for p in picks}
        assert {r.reviewer.username for r in drawn_plan.reviews.select_related("reviewer")} <= {"reviewer_a", "insp_a"}

    def test_verify_command_agrees_and_detects_tampering(self, tree, drawn_plan, tmp_path, capsys):
        out = io.StringIO()
        call_command("casereviews", "verify-draw", str(drawn_plan.pk), stdout=out)
        assert out.getvalue().startswith("一致")
        published = drawn_plan.published_draw()
        for tamper, expected in (
                (lambda p: p.update(seed="0" * 64), "种子哈希不一致"),
                (lambda p: p["inputs"]["entity_groups"][0]["entities"].pop(), "输入哈希不一致"),
                (lambda p: p["picks"].reverse(), "重算结果与公布的抽取结果不一致")):
            copy = json.loads(json.dumps(published))
            tamper(copy)
            path = tmp_path / "draw.json"
            path.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
            out = io.StringIO()
            with pytest.raises(SystemExit) as exit_code:
                call_command("casereviews", "verify-draw", str(drawn_plan.pk), "--file", str(path), stdout=out)
            assert exit_code.value.code == 1
            assert out.getvalue().startswith("不一致") and expected in out.getvalue()
        # Tampering with the stored picks in the database is caught the same way.
        ReviewPlan.objects.filter(pk=drawn_plan.pk).update(picks_json="[]")
        with pytest.raises(SystemExit):
            call_command("casereviews", "verify-draw", str(drawn_plan.pk), stdout=io.StringIO())

    def test_conflicting_reviewer_excluded(self, tree, make_plan, make_closed, body_a, body_justice, inspector_a):
        own = [make_closed(body_justice, closed_on=D(2025, m, 3)) for m in (2, 3, 4)]
        plan = make_plan(bodies=[body_a, body_justice], ratio_bp=10000)
        make_closed(body_a, closed_on=D(2025, 3, 3))
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="draw")
        plan.refresh_from_db()
        assert sorted(plan.inputs["exclusions"]) == sorted(["reviewer_a", c.number] for c in own)
        for review in plan.reviews.filter(case__in=own):
            assert review.reviewer == inspector_a  # the justice bureau's own reviewer never reviews its files

    def test_a_case_no_reviewer_may_review_refuses_the_commit(self, tree, make_plan, make_closed, body_justice):
        make_closed(body_justice, closed_on=D(2025, 3, 3))
        plan = make_plan(bodies=[body_justice], reviewers=[tree.reviewer_a])
        with pytest.raises(TransitionRefused) as exc:
            services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        assert "与全部评查人员存在回避关系" in exc.value.reasons[0]
        plan.refresh_from_db()
        assert plan.state == "draft" and plan.seed == ""

    def test_draw_only_by_the_office(self, tree, make_plan, make_closed, body_a, inspector_a):
        make_closed(body_a)
        plan = make_plan()
        with pytest.raises((TransitionRefused, Http404)):
            services.plan_step(actor=inspector_a, plan=plan, name="commit")
        with pytest.raises(Http404):
            services.plan_step(actor=tree.outsider, plan=plan, name="commit")


# ---- scoring ----------------------------------------------------------------------------------------


class TestScoring:
    def test_score_total_and_grade(self, tree, drawn_plan, sheet):
        review = drawn_plan.reviews.first()
        items = list(sheet.items.order_by("order"))
        points = full_points(sheet, {items[0].pk: Decimal("2.5"), items[2].pk: Decimal(0)})
        scored = services.score_file(actor=review.reviewer, review=review, points=points,
                                     notes={items[2].pk: "证据不足"}, comments="事实证据存在问题")
        assert scored.total == Decimal("88.5") and scored.grade == Grade.GOOD and scored.scored_on == TODAY
        assert review.scores.get(item=items[2]).note == "证据不足"
        # Scored again by the office: the stored total follows.
        points[items[0].pk] = items[0].max_points
        assert services.score_file(actor=tree.coordinator_a, review=review, points=points).total == Decimal(92)

    def test_score_above_max_is_refused_naming_the_item(self, tree, drawn_plan, sheet):
        review = drawn_plan.reviews.first()
        first = sheet.items.order_by("order").first()
        before = _counts()
        with pytest.raises(ValidationError) as exc:
            services.score_file(actor=tree.coordinator_a, review=review,
                                points=full_points(sheet, {first.pk: Decimal(7)}))
        message = exc.value.message_dict[f"item_{first.pk}"][0]
        assert "第1项“实施主体具有行政执法主体资格" in message and "得分（7分）超过该项分值（6分）" in message
        assert _counts() == before
        with pytest.raises(ValidationError, match="请填写得分"):
            services.score_file(actor=tree.coordinator_a, review=review, points={first.pk: 1})

    def test_only_the_reviewer_or_the_office(self, tree, drawn_plan, sheet, inspector_a):
        review = drawn_plan.reviews.first()
        FileReview.objects.filter(pk=review.pk).update(reviewer=tree.reviewer_a)  # drawn for the bureau's reviewer
        # The inspector reviews other files, and is not the office: refused, nothing written.
        with pytest.raises(ValidationError, match="只有本案卷的评查人员或评查计划的组织单位可以评分"):
            services.score_file(actor=inspector_a, review=review, points=full_points(sheet))
        with pytest.raises(ValidationError, match="只有本案卷的评查人员"):
            services.score_file(actor=tree.leader_a, review=review, points=full_points(sheet))
        with pytest.raises(Http404):
            services.score_file(actor=tree.outsider, review=review, points=full_points(sheet))
        assert not FileReviewScore.objects.exists()
        # The inspector scores the file drawn for them.
        FileReview.objects.filter(pk=review.pk).update(reviewer=inspector_a)
        assert services.score_file(actor=inspector_a, review=review, points=full_points(sheet)).total == 100

    def test_case_not_in_the_sample(self, tree, drawn_plan, make_closed, body_a):
        stranger = make_closed(body_a, closed_on=D(2025, 8, 1))
        with pytest.raises(ValidationError) as exc:
            services.review_for_case(actor=tree.coordinator_a, plan=drawn_plan, case=stranger)
        assert "不在评查计划" in exc.value.message_dict["case"][0]

    def test_finished_plan_cannot_be_edited(self, tree, drawn_plan, sheet):
        with pytest.raises(TransitionRefused, match="尚未全部评分"):
            services.plan_step(actor=tree.coordinator_a, plan=drawn_plan, name="finish")
        for review in drawn_plan.reviews.all():
            services.score_file(actor=tree.coordinator_a, review=review, points=full_points(sheet))
        services.plan_step(actor=tree.coordinator_a, plan=drawn_plan, name="finish")
        before = _counts()
        with pytest.raises(ValidationError, match="已评查完成，不能修改评分"):
            services.score_file(actor=tree.coordinator_a, review=drawn_plan.reviews.first(),
                                points=full_points(sheet))
        with pytest.raises(ValidationError, match="不能修改"):
            services.save_plan(actor=tree.coordinator_a, plan=drawn_plan)
        assert _counts() == before
        services.plan_step(actor=tree.coordinator_a, plan=drawn_plan, name="close")


# ---- findings, letters, accountability -------------------------------------------------------------


@pytest.fixture
def scored(tree, drawn_plan, sheet):
    first = sheet.items.order_by("order").first()
    for review in drawn_plan.reviews.all():
        services.score_file(actor=tree.coordinator_a, review=review, points=full_points(sheet, {first.pk: 0}),
                            on=TODAY - datetime.timedelta(days=40))
    return list(drawn_plan.reviews.select_related("case", "body"))


class TestFindings:
    def test_return_starts_an_assigned_deadline_shown_overdue(self, tree, scored):
        review = scored[0]
        finding = services.return_finding(actor=tree.coordinator_a, review=review, category="subject",
                                          text="执法人员仅一人签名", returned_on=TODAY - datetime.timedelta(days=35),
                                          due_on=TODAY - datetime.timedelta(days=5))
        assert finding.body == review.body and finding.state == FindingState.RETURNED
        deadline = Deadline.objects.get(key="casereviews.correction", object_id=finding.pk)
        assert deadline.due_on == TODAY - datetime.timedelta(days=5) and deadline.unit == review.body.unit
        assert "东城区2025年度行政执法案卷评查" in deadline.basis
        status = Deadline.objects.with_status(TODAY).get(pk=deadline.pk)
        assert status.status == "overdue"
        # The body's legal officer sees it (their home page lists it).
        from fazhi.procedures.selectors import home_context

        context = home_context(tree.officer_a)
        assert context["overdue_count"] == 1 and [d.pk for d in context["deadline_items"]] == [deadline.pk]
        assert home_context(tree.officer_b)["overdue_count"] == 0

    def test_correct_accept_and_send_back(self, tree, scored, pdf):
        finding = services.return_finding(actor=tree.coordinator_a, review=scored[0], category="facts",
                                          text="询问笔录要素不全", due_on=TODAY + datetime.timedelta(days=10))
        with pytest.raises(TransitionRefused) as exc:
            services.finding_step(actor=tree.officer_a, finding=finding, name="correct", comment="已整改")
        assert "整改佐证材料" in exc.value.reasons[0]
        services.add_evidence(actor=tree.officer_a, finding=finding, file=pdf())
        services.finding_step(actor=tree.officer_a, finding=finding, name="correct", comment="已补正笔录")
        finding.refresh_from_db()
        assert finding.state == "corrected" and finding.correction_note == "已补正笔录"
        with pytest.raises(TransitionRefused):  # the body may not accept its own correction
            services.finding_step(actor=tree.officer_a, finding=finding, name="accept")
        services.finding_step(actor=tree.coordinator_a, finding=finding, name="send_back", comment="补正不完整")
        services.finding_step(actor=tree.officer_a, finding=finding, name="correct", comment="再次补正")
        services.finding_step(actor=tree.coordinator_a, finding=finding, name="accept")
        finding.refresh_from_db()
        assert finding.state == "accepted" and finding.accepted_on == TODAY
        assert Deadline.objects.get(object_id=finding.pk, key="casereviews.correction").stopped_on == TODAY

    def test_bad_finding_input(self, tree, scored, drawn_plan):
        before = _counts()
        with pytest.raises(ValidationError) as exc:
            services.return_finding(actor=tree.coordinator_a, review=scored[0], category="facts", text="",
                                    due_on=TODAY - datetime.timedelta(days=400))
        assert exc.value.message_dict["text"] == ["请填写存在的问题。"]
        assert "不得早于反馈日期" in exc.value.message_dict["due_on"][0]
        with pytest.raises(Http404):
            services.return_finding(actor=tree.officer_a, review=scored[0], category="facts", text="x",
                                    due_on=TODAY)
        assert _counts() == before

    def test_reminder_letter_docx(self, tree, scored):
        findings = [services.return_finding(actor=tree.coordinator_a, review=review, category="procedure",
                                            text=f"送达回证缺少签名（{review.case.number}）",
                                            due_on=TODAY) for review in scored]
        letter = services.issue_letter(actor=tree.coordinator_a, findings=findings)
        assert letter.number == "评查督办〔2025〕1号" and letter.body.unit == tree.dept_a
        with letter.file.open("rb") as handle:
            text = "\n".join(p.text for p in docx.Document(handle).paragraphs)
        assert "东城区市场监督管理局：" in text and "东城区司法局" in text
        for review in scored:
            assert f"送达回证缺少签名（{review.case.number}）" in text and review.case.number in text
        with pytest.raises(Http404):
            services.issue_letter(actor=tree.officer_a, findings=findings)

    def test_letter_to_one_body_only(self, tree, scored, make_closed, body_justice):
        with pytest.raises(ValidationError, match="请至少选择"):
            services.issue_letter(actor=tree.coordinator_a, findings=[])


class TestAccountability:
    def test_create_and_validate(self, tree, drawn_plan, body_a, body_b):
        case = drawn_plan.reviews.first().case
        officers = list(case.officers.all())
        record = services.create_accountability(
            actor=tree.coordinator_a, body=body_a, case=case, officers=officers, error_kind="facts",
            found_by="review", decision="admonition", decided_on=D(2025, 11, 1), decided_by="东城区市场监督管理局",
            basis="行政错案责任追究规定")
        assert record.case_number == case.number and set(record.officers.all()) == set(officers)
        with pytest.raises(ValidationError) as exc:
            services.create_accountability(actor=tree.coordinator_a, body=body_a, error_kind="law", found_by="litigation",
                                           decision="criticism", decided_on=D(2026, 1, 1), decided_by="x",
                                           basis="y", persons="张三")
        assert exc.value.message_dict["case_number"] == ["请填写案件编号。"]
        assert "问责日期不得晚于今天" in exc.value.message_dict["decided_on"][0]
        with pytest.raises(Http404):
            services.create_accountability(actor=tree.coordinator_a, body=body_b, case_number="x",
                                           error_kind="law", found_by="litigation", decision="criticism",
                                           decided_on=D(2025, 1, 1), decided_by="x", basis="y", persons="张三")
