"""Question bank, exams and sittings: validation, the drawn paper, answering against the clock, marking."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from fazhi.core.models import AuditEvent
from fazhi.study import selectors, services
from fazhi.study.models import Exam, PaperItem, Question, Sitting, SittingState

from .conftest import make_bank, make_exam

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


def q(tree, **fields):
    base = dict(unit=tree.justice_a, qtype="single", stem="东城试题", options=["甲", "乙"], answer="A",
                source="《中华人民共和国行政处罚法》第三十六条")
    base.update(fields)
    return services.create_question(actor=tree.coordinator_a, **base)


@pytest.mark.parametrize("fields, field, message", [
    ({"answer": ""}, "answer", "请填写正确答案"),
    ({"answer": "C"}, "answer", "答案“C”不在选项A、B之中"),
    ({"answer": "AB"}, "answer", "单选题只能有一个正确答案"),
    ({"qtype": "multiple", "answer": "A"}, "answer", "多选题应有两个以上正确答案"),
    ({"options": ["甲"]}, "options", "选择题应有2至6个选项"),
    ({"qtype": "judge", "answer": "正确"}, "options", "判断题不设选项"),
    ({"qtype": "judge", "options": [], "answer": "B"}, "answer", "判断题的答案应为“正确”或“错误”"),
])
def test_bad_questions_are_refused_with_chinese_messages(tree, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        q(tree, **fields)
    assert any(message in m for m in exc.value.message_dict[field])
    assert not Question.objects.exists()


def test_answers_are_normalised(tree):
    assert q(tree, qtype="multiple", options=["甲", "乙", "丙"], answer="c, a").answer == "AC"
    assert q(tree, qtype="judge", options=[], answer="错误").answer == "F"


def test_only_managers_keep_the_bank(tree):
    with pytest.raises(Http404):
        services.create_question(
            actor=tree.officer_a, unit=tree.dept_a, qtype="judge", stem="x", answer="T", source="y")
    with pytest.raises(Http404):
        services.create_question(actor=tree.outsider, unit=tree.justice_a, qtype="judge", stem="x", answer="T",
                                 source="y")


def test_pass_mark_above_total_is_refused(tree, bank):
    with pytest.raises(ValidationError) as exc:
        make_exam(tree, pass_mark=19)
    assert "合格分数（19分）不得高于试卷总分（18分）" in exc.value.message_dict["pass_mark"][0]
    assert not Exam.objects.exists()


def test_rule_asking_more_than_the_bank_is_refused(tree, bank):
    with pytest.raises(ValidationError) as exc:
        make_exam(tree, multiple_count=4)
    assert "组卷规则要求多选题4道，题库中在用的多选题只有3道" in exc.value.message_dict["multiple_count"][0]
    with pytest.raises(ValidationError) as exc:
        make_exam(tree, topic="行政诉讼法")
    assert "专题“行政诉讼法”" in exc.value.message_dict["single_count"][0]
    assert not Exam.objects.exists()


def test_a_county_b_bank_is_not_drawn_from(tree):
    make_bank(tree, unit=tree.justice_b, actor=tree.outsider)
    with pytest.raises(ValidationError):
        make_exam(tree)


def test_paper_is_drawn_deterministically_and_stored(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    items = list(sitting.items.values_list("qtype", "question_id"))
    assert [t for t, _ in items] == ["single"] * 4 + ["multiple"] * 2 + ["judge"] * 4
    assert len({qid for _, qid in items}) == 10
    assert [q.pk for q, _p in services.draw(exam, sitting.seed)] == [qid for _, qid in items]
    # Starting again (a reload) returns the same sitting, no new paper.
    assert services.start_sitting(actor=tree.officer_a, exam=exam).pk == sitting.pk
    assert PaperItem.objects.count() == 10
    assert sitting.deadline_at == sitting.started_at + datetime.timedelta(minutes=30)
    # A later edit of the bank does not change the drawn paper.
    first = sitting.items.first()
    question = first.question
    question.stem = "改过的题干"
    services.save_question(actor=tree.coordinator_a, question=question)
    first.refresh_from_db()
    assert first.stem != "改过的题干"


def test_only_candidates_start_and_only_within_the_window(tree, exam):
    with pytest.raises(Http404):
        services.start_sitting(actor=tree.officer_b, exam=exam)
    with pytest.raises(Http404):
        services.start_sitting(actor=tree.no_role, exam=exam)
    later = make_exam(tree, title="东城区年度测试", kind="annual", opens_at=timezone.now() + MIN * 60,
                      closes_at=timezone.now() + MIN * 120, candidates=[], candidate_unit=tree.gov_a)
    with pytest.raises(ValidationError) as exc:
        services.start_sitting(actor=tree.no_role, exam=later)
    assert "现在不能开始答题" in exc.value.messages[0]
    # The candidate unit covers the staff of its subtree (no_role works in dept_a under gov_a).
    assert services.start_sitting(actor=tree.no_role, exam=later, now=later.opens_at + MIN)


def _answer_all(sitting, right: int):
    """Answers: the first `right` items correct, the rest wrong."""
    answers = {}
    for item in sitting.items.all():
        wrong = {"single": "A", "multiple": "AB", "judge": "F"}[item.qtype]
        answers[item.position] = item.correct if item.position <= right else wrong
    return answers


def test_submit_marks_at_once(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    services.save_answers(actor=tree.officer_a, sitting=sitting, answers={1: "B", 5: "ca", 7: "正确"})
    assert sitting.items.get(position=5).given == "AC"
    done = services.submit(actor=tree.officer_a, sitting=sitting, answers=_answer_all(sitting, 6))
    # items 1-4 single (2 points), 5-6 multiple (3): 8 + 6 = 14 ≥ 12
    assert (done.state, done.score, done.total, done.passed) == (SittingState.SUBMITTED, 14, 18, True)
    with pytest.raises(ValidationError) as exc:
        services.submit(actor=tree.officer_a, sitting=sitting)
    assert "不能重复交卷" in exc.value.messages[0]


def test_answer_not_among_options_is_refused(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    with pytest.raises(ValidationError) as exc:
        services.save_answers(actor=tree.officer_a, sitting=sitting, answers={1: "E", 2: "B"})
    assert "第1题的作答“E”不是该题的选项" in exc.value.messages[0]
    assert not sitting.items.exclude(given="").exists()
    with pytest.raises(ValidationError):
        services.save_answers(actor=tree.officer_a, sitting=sitting, answers={99: "A"})


def test_answers_after_the_time_limit_are_refused_and_nothing_saved(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    right = sitting.items.get(position=1).correct
    services.save_answers(actor=tree.officer_a, sitting=sitting, answers={1: right},
                          now=sitting.started_at + MIN * 10)
    # Within the grace (network latency) an answer is still taken.
    services.save_answers(actor=tree.officer_a, sitting=sitting, answers={9: "T"},
                          now=sitting.deadline_at + datetime.timedelta(seconds=20))
    late = sitting.deadline_at + services.GRACE + datetime.timedelta(seconds=1)
    with pytest.raises(services.TimeUp) as exc:
        services.save_answers(actor=tree.officer_a, sitting=sitting, answers={2: "B", 3: "B"}, now=late)
    assert "考试时间已到" in exc.value.messages[0] and "未保存" in exc.value.messages[0]
    assert set(sitting.items.exclude(given="").values_list("position", flat=True)) == {1, 9}
    sitting.refresh_from_db()
    # Closed and marked on what was saved before the deadline.
    assert sitting.state == SittingState.EXPIRED and sitting.finished_at == sitting.deadline_at
    assert sitting.score == 2 + (1 if sitting.items.get(position=9).correct == "T" else 0)
    with pytest.raises(ValidationError):
        services.submit(actor=tree.officer_a, sitting=sitting, answers={2: "B"}, now=late)
    assert sitting.items.get(position=2).given == ""


def test_late_submission_is_refused_and_the_sitting_closed(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    services.save_answers(actor=tree.officer_a, sitting=sitting, answers=_answer_all(sitting, 10),
                          now=sitting.started_at + MIN)
    with pytest.raises(services.TimeUp):
        services.submit(actor=tree.officer_a, sitting=sitting, now=sitting.deadline_at + MIN)
    sitting.refresh_from_db()
    assert (sitting.state, sitting.score, sitting.passed) == (SittingState.EXPIRED, 18, True)


def test_unsubmitted_sittings_are_closed_when_time_is_up(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    other = services.start_sitting(actor=tree.enforcer_a, exam=exam)
    assert services.close_expired(now=sitting.deadline_at) == 0
    assert services.close_expired(now=sitting.deadline_at + MIN) == 2
    sitting.refresh_from_db()
    other.refresh_from_db()
    assert sitting.state == other.state == SittingState.EXPIRED
    assert sitting.score == 0 and sitting.passed is False


def test_window_end_caps_the_deadline(tree, bank):
    exam = make_exam(tree, closes_at=timezone.now() + MIN * 10)
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    assert sitting.deadline_at == exam.closes_at


def test_another_candidate_cannot_touch_a_sitting(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    before = AuditEvent.objects.count()
    for actor in (tree.enforcer_a, tree.coordinator_a, tree.outsider):
        with pytest.raises(Http404):
            services.save_answers(actor=actor, sitting=sitting, answers={1: "B"})
        with pytest.raises(Http404):
            services.submit(actor=actor, sitting=sitting)
    assert AuditEvent.objects.count() == before


def test_sitting_visibility(tree, exam):
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    assert list(Sitting.objects.of_candidate(tree.officer_a)) == [sitting]
    assert not Sitting.objects.of_candidate(tree.enforcer_a).exists()
    assert Sitting.objects.visible_to(tree.coordinator_a).filter(pk=sitting.pk).exists()
    assert Sitting.objects.visible_to(tree.leader_a).filter(pk=sitting.pk).exists()
    for user in (tree.outsider, tree.enforcer_a, tree.officer_b):
        assert not Sitting.objects.visible_to(user).exists()


def test_results_by_unit(tree, exam):
    for user, right in ((tree.officer_a, 10), (tree.enforcer_a, 2)):
        sitting = services.start_sitting(actor=user, exam=exam)
        services.submit(actor=user, sitting=sitting, answers=_answer_all(sitting, right))
    rows = list(selectors.results_by_unit(Sitting.objects.visible_to(tree.coordinator_a)))
    assert [(r["candidate_unit__name"], r["taken"], r["passed"]) for r in rows] == [("东城区市场监督管理局", 2, 1)]
    assert rows[0]["average"] == (18 + 4) / 2


def test_changing_the_draw_rule_after_sittings_is_refused(tree, exam):
    services.start_sitting(actor=tree.officer_a, exam=exam)
    exam.pass_mark = 10
    with pytest.raises(ValidationError):
        services.save_exam(actor=tree.coordinator_a, exam=exam)
    exam.refresh_from_db()
    exam.title = "东城区2025年任前考法（第一场）"
    services.save_exam(actor=tree.coordinator_a, exam=exam)


def test_daily_job_closes_expired_sittings(tree, exam, monkeypatch):
    from fazhi.study.jobs import close_expired_job

    sitting = services.start_sitting(actor=tree.officer_a, exam=exam, now=timezone.now() - MIN * 40)
    assert close_expired_job(None, None) == {"closed": 1}
    sitting.refresh_from_db()
    assert sitting.state == SittingState.EXPIRED
