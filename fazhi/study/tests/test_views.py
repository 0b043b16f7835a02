"""Staff pages, the candidate's pages, the API and the question import."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.models import AuditEvent
from fazhi.imports.registry import get_kind
from fazhi.imports.services import import_file
from fazhi.study import services
from fazhi.study.models import Question, Sitting, SittingState, StudySession

from .test_sessions import session

D = datetime.date
pytestmark = pytest.mark.django_db


def test_lists_page_and_export_with_bounded_queries(tree, exam, client_as, django_assert_max_num_queries):
    for i in range(8):
        s = session(tree, on=D(2025, 1 + i, 3), topic=f"东城学法{i}")
        services.set_attendance(actor=tree.officer_a, session=s, present_names=["甲", "乙"])
    client = client_as(tree.coordinator_a)
    for name in ("study:session_list", "study:question_list", "study:exam_list", "study:rule_list"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name))
        assert response.status_code == 200, name
    response = client.get(reverse("study:session_list"), {"export": "xlsx", "kind": "unit_monthly"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "学习主题" and len(rows) == 9 and rows[1][5] == 2


def test_other_county_and_anonymous_see_nothing(tree, exam, client, client_as):
    s = session(tree)
    sitting = services.start_sitting(actor=tree.officer_a, exam=exam)
    urls = [reverse("study:session_detail", args=[s.pk]), reverse("study:exam_detail", args=[exam.pk]),
            reverse("study:question_detail", args=[exam.pk and Question.objects.first().pk]),
            reverse("study:sitting_detail", args=[sitting.pk]), reverse("study:exam_results", args=[exam.pk])]
    for url in urls:
        assert client.get(url).status_code == 302
    outsider = client_as(tree.outsider)
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    assert "东城" not in outsider.get(reverse("study:my_exams")).content.decode()
    assert "东城" not in outsider.get(reverse("study:breaches")).content.decode()


def test_leader_reads_but_cannot_write(tree, exam, client_as):
    s = session(tree)
    client = client_as(tree.leader_a)
    assert client.get(reverse("study:session_detail", args=[s.pk])).status_code == 200
    before = AuditEvent.objects.count()
    assert client.post(reverse("study:session_detail", args=[s.pk]), {"present_names": "x"}).status_code == 404
    assert client.post(reverse("study:session_create"), {}).status_code == 404
    assert client.post(reverse("study:exam_start", args=[exam.pk])).status_code == 404
    assert AuditEvent.objects.count() == before


def test_session_form_and_attendance_page(tree, client_as):
    client = client_as(tree.officer_a)
    response = client.post(reverse("study:session_create"), {
        "unit": tree.dept_a.pk, "kind": "unit_monthly", "held_on": "2025-12-11", "topic": "东城学习行政许可法"})
    assert "学法日期不得晚于今天" in response.content.decode()
    response = client.post(reverse("study:session_create"), {
        "unit": tree.dept_a.pk, "kind": "unit_monthly", "held_on": "2025-12-01", "topic": "东城学习行政许可法"})
    s = StudySession.objects.get()
    assert response.status_code == 302
    response = client.post(reverse("study:session_detail", args=[s.pk]), {
        "present_users": [tree.officer_a.pk], "absent_users": [tree.enforcer_a.pk], "present_names": "李四"})
    assert response.status_code == 302
    page = client.get(reverse("study:session_detail", args=[s.pk])).content.decode()
    assert "2 / 3" in page and "签到表" in page  # attachments panel with the declared kinds


def test_question_form_errors_name_the_field(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("study:question_create"), {
        "unit": tree.justice_a.pk, "qtype": "single", "stem": "东城题", "option_a": "甲", "option_b": "乙",
        "answer": "D", "source": "《中华人民共和国行政处罚法》第三十六条", "active": "on"})
    assert "答案“D”不在选项A、B之中" in response.content.decode()
    response = client.post(reverse("study:question_create"), {
        "unit": tree.justice_a.pk, "qtype": "single", "stem": "东城题", "option_a": "甲", "option_c": "丙",
        "answer": "A", "source": "x", "active": "on"})
    assert "选项应从A起连续填写" in response.content.decode()
    assert not Question.objects.exists()


def test_exam_form_refuses_a_pass_mark_above_the_total(tree, bank, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("study:exam_create"), {
        "unit": tree.justice_a.pk, "kind": "annual", "title": "东城测试", "time_limit_minutes": 30,
        "pass_mark": 30, "single_count": 2, "single_points": 2, "multiple_count": 0, "multiple_points": 3,
        "judge_count": 2, "judge_points": 1, "opens_at": "2025-12-10T09:00", "closes_at": "2025-12-11T09:00",
        "candidate_usernames": "officer_a"})
    assert "合格分数（30分）不得高于试卷总分（6分）" in response.content.decode()


def test_candidate_sits_the_exam_in_the_browser_pages(tree, exam, client_as):
    client = client_as(tree.officer_a)
    page = client.get(reverse("study:my_exams")).content.decode()
    assert "东城区2025年任前考法" in page and "开始考试" in page
    response = client.post(reverse("study:exam_start", args=[exam.pk]))
    sitting = Sitting.objects.get()
    assert response.url == sitting.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "交卷截止时间" in page and 'name="q1"' in page
    assert "正确答案" not in page
    data = {f"q{i.position}": list(i.correct) if i.qtype == "multiple" else i.correct for i in sitting.items.all()}
    response = client.post(response.url, {**data, "submit": "1"}, follow=True)
    page = response.content.decode()
    assert "得分：18 / 18" in page and "合格" in page
    sitting.refresh_from_db()
    assert sitting.state == SittingState.SUBMITTED
    # The office sees the results; the per-unit export has the unit's row.
    office = client_as(tree.coordinator_a)
    assert "东城法制员" in office.get(reverse("study:exam_results", args=[exam.pk])).content.decode()
    rows = list(load_workbook(io.BytesIO(office.get(reverse("study:exam_results", args=[exam.pk]),
                                                    {"export": "units"}).content)).active.values)
    assert rows[1][:4] == ("东城区市场监督管理局", 1, 1, "100.0%")


def test_breaches_page(tree, rules, client_as):
    session(tree, on=D(2025, 11, 3))
    page = client_as(tree.coordinator_a).get(reverse("study:breaches"), {"year": 2025, "month": 11}).content.decode()
    assert "东城区司法局" in page and "2025年11月（0）" in page and "东城街道办事处" in page
    assert "本地规定" in page


# ---- API ------------------------------------------------------------------------------------------


def test_api_sitting_flow(tree, exam, client_as):
    client = client_as(tree.officer_a)
    exams = client.get("/api/v1/study/my/exams").json()
    assert [e["id"] for e in exams] == [exam.pk] and exams[0]["sitting_id"] is None
    paper = client.post(f"/api/v1/study/exams/{exam.pk}/start").json()
    assert len(paper["items"]) == 10 and paper["items"][0]["correct"] is None
    sid = paper["id"]
    response = client.post(f"/api/v1/study/sittings/{sid}/answers", {"answers": {"1": "Z"}},
                           content_type="application/json")
    assert response.status_code == 422 and "不是该题的选项" in response.json()["detail"]
    sitting = Sitting.objects.get()
    Sitting.objects.filter(pk=sid).update(deadline_at=sitting.started_at - datetime.timedelta(minutes=5))
    response = client.post(f"/api/v1/study/sittings/{sid}/submit", {"answers": {"1": "B"}},
                           content_type="application/json")
    assert response.status_code == 422 and "考试时间已到" in response.json()["detail"]
    result = client.get(f"/api/v1/study/sittings/{sid}").json()
    assert result["state"] == "expired" and result["score"] == 0 and result["items"][0]["given"] == ""
    assert result["items"][0]["correct"]  # shown once closed
    # Another user: 404 on the sitting; the office sees the results.
    assert client_as(tree.enforcer_a).get(f"/api/v1/study/sittings/{sid}").status_code == 404
    results = client_as(tree.coordinator_a).get(f"/api/v1/study/exams/{exam.pk}/results").json()
    assert results["count"] == 1
    assert client_as(tree.outsider).get(f"/api/v1/study/exams/{exam.pk}/results").status_code == 404


def test_api_sessions_and_questions(tree, client_as):
    client = client_as(tree.officer_a)
    response = client.post("/api/v1/study/sessions", {
        "unit_id": tree.dept_a.pk, "kind": "court_hearing", "held_on": "2025-10-10",
        "topic": "东城旁听行政诉讼案件庭审", "venue": "东城区人民法院"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert client.get("/api/v1/study/sessions").json()["count"] == 1
    assert client_as(tree.outsider).get("/api/v1/study/sessions").json()["count"] == 0
    client = client_as(tree.coordinator_a)
    response = client.post("/api/v1/study/questions", {
        "unit_id": tree.justice_a.pk, "qtype": "multiple", "stem": "东城题", "options": ["甲", "乙", "丙"],
        "answer": "A", "source": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"field": "answer", "message": "多选题应有两个以上正确答案。"}


# ---- import ---------------------------------------------------------------------------------------

HEADERS = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "依据", "专题"]


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_import_questions(tree):
    good = [
        ("单选题", "东城题一", "甲", "乙", "丙", "丁", "B", "《中华人民共和国行政处罚法》第五十一条", "行政处罚法"),
        ("多选题", "东城题二", "甲", "乙", "丙", "", "A,C", "《中华人民共和国行政许可法》第十二条", ""),
        ("判断题", "东城题三", "", "", "", "", "错误", "《中华人民共和国行政复议法》第二十条", ""),
    ]
    result = import_file(kind=get_kind("questions"), data=xlsx(good), file_name="bank.xlsx", actor=tree.coordinator_a)
    assert result.ok, result.errors
    assert list(Question.objects.order_by("pk").values_list("unit", "answer")) == [
        (tree.justice_a.pk, "B"), (tree.justice_a.pk, "AC"), (tree.justice_a.pk, "F")]
    bad = [
        ("单选题", "东城题四", "甲", "乙", "", "", "C", "x", ""),
        ("问答题", "东城题五", "", "", "", "", "对", "x", ""),
        ("多选题", "东城题六", "甲", "乙", "丙", "", "", "x", ""),
    ]
    result = import_file(kind=get_kind("questions"), data=xlsx(good + bad), file_name="bank.xlsx",
                         actor=tree.coordinator_a)
    errors = [(e.row, e.column, e.message) for e in result.errors]
    assert (5, "答案", "答案“C”不在选项A、B之中。") in errors
    assert any(row == 6 and column == "题型" for row, column, _m in errors)
    assert any(row == 7 and column == "答案" for row, column, _m in errors)
    assert Question.objects.count() == 3  # all or nothing


def test_detail_pages_render(tree, exam, rules, client_as):
    services.start_sitting(actor=tree.officer_a, exam=exam)
    office = client_as(tree.coordinator_a)
    page = office.get(reverse("study:exam_detail", args=[exam.pk])).content.decode()
    assert "单选题4道（每题2分）" in page and "东城法制员" in page
    question = Question.objects.filter(qtype="judge").first()
    assert "正确" in office.get(reverse("study:question_detail", args=[question.pk])).content.decode()
    assert office.get(reverse("study:rule_edit", args=[rules[0].pk])).status_code == 200
    # A legal officer reads the rule (no form: they cannot change it).
    page = client_as(tree.officer_a).get(reverse("study:rule_edit", args=[rules[0].pk])).content.decode()
    assert "本地规定" in page and "name=\"required_count\"" not in page
