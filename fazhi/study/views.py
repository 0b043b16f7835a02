"""Staff pages of law study and exams: sessions with attendance, rules and breaches, the question bank,
exams with their results, and the candidate's own pages (my exams, the sitting)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import Workbook

from fazhi.core import pages, regions
from fazhi.core.access import CHANGE, can_write, require_writer
from fazhi.core.listing import Column
from fazhi.core.models import Region, Unit
from fazhi.procedures import clock
from fazhi.study import selectors, services
from fazhi.study.filters import ExamFilter, QuestionFilter, RuleFilter, SessionFilter, SittingFilter
from fazhi.study.forms import AttendanceForm, ExamForm, QuestionForm, RuleForm, SessionForm
from fazhi.study.models import (
    SESSION_WRITERS,
    Exam,
    Question,
    Sitting,
    SittingState,
    StudyRule,
    StudySession,
)

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])

SESSION_COLUMNS = [
    Column(_("学习主题"), lambda s: s.topic, "topic"),
    Column(_("学法形式"), lambda s: s.get_kind_display(), "kind"),
    Column(_("组织单位"), lambda s: s.unit.name, "unit__name"),
    Column(_("学法日期"), lambda s: s.held_on, "held_on"),
    Column(_("主讲人"), lambda s: s.speaker),
    Column(_("应参学"), lambda s: s.expected, "expected"),
    Column(_("出席"), lambda s: s.present, "present"),
]
RULE_COLUMNS = [
    Column(_("规则"), lambda r: r.title, "title"),
    Column(_("学法形式"), lambda r: r.get_kind_display(), "kind"),
    Column(_("周期"), lambda r: r.get_period_display(), "period"),
    Column(_("至少次数"), lambda r: r.required_count, "required_count"),
    Column(_("适用单位类型"), lambda r: r.unit_type_labels()),
    Column(_("制定单位"), lambda r: r.unit.name, "unit__name"),
    Column(_("依据"), lambda r: r.source),
    Column(_("有效"), lambda r: r.active, "active"),
]
QUESTION_COLUMNS = [
    Column(_("题干"), lambda q: q.stem[:60], "stem"),
    Column(_("题型"), lambda q: q.get_qtype_display(), "qtype"),
    Column(_("答案"), lambda q: q.answer_display, ""),
    Column(_("依据"), lambda q: q.source, "source"),
    Column(_("专题"), lambda q: q.tags),
    Column(_("题库单位"), lambda q: q.unit.name, "unit__name"),
    Column(_("在用"), lambda q: q.active, "active"),
]
EXAM_COLUMNS = [
    Column(_("考试名称"), lambda e: e.title, "title"),
    Column(_("考试类别"), lambda e: e.get_kind_display(), "kind"),
    Column(_("组织单位"), lambda e: e.unit.name, "unit__name"),
    Column(_("开考时间"), lambda e: e.opens_at, "opens_at"),
    Column(_("截止时间"), lambda e: e.closes_at, "closes_at"),
    Column(_("考试时长（分钟）"), lambda e: e.time_limit_minutes),
    Column(_("合格分数"), lambda e: e.pass_mark),
    Column(_("交卷人次"), lambda e: e.finished_count, "finished_count"),
    Column(_("合格人次"), lambda e: e.passed_count, "passed_count"),
]
SITTING_COLUMNS = [
    Column(_("考生"), lambda s: str(s.candidate), "candidate__full_name"),
    Column(_("考生单位"), lambda s: s.candidate_unit.name, "candidate_unit__name"),
    Column(_("考试"), lambda s: s.exam.title, "exam__title"),
    Column(_("状态"), lambda s: s.get_state_display(), "state"),
    Column(_("开始时间"), lambda s: s.started_at, "started_at"),
    Column(_("交卷时间"), lambda s: s.finished_at, "finished_at"),
    Column(_("得分"), lambda s: s.score, "score"),
    Column(_("总分"), lambda s: s.total),
    Column(_("合格"), lambda s: s.passed, "passed"),
]


def _edit(request: HttpRequest, record: Model, form_class: type, save: Callable[..., Any], title: str,
          saved: str) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form.save(commit=False), form),
                           title, saved)


def _can_change(model: type[Model], user: Any, pk: int) -> bool:
    return model.objects.visible_to(user, CHANGE).filter(pk=pk).exists()


# ---- sessions ----------------------------------------------------------------------------------------


@login_required
@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    qs = (StudySession.objects.visible_to(request.user).select_related("unit")
          .annotate(expected=Count("attendances"), present=Count("attendances", filter=Q(attendances__present=True))))
    return pages.list_page(request, qs, SessionFilter, SESSION_COLUMNS, "-held_on", gettext("学法活动"),
                 "study:session_create", services.writable_units(request.user, SESSION_WRITERS).exists())


@login_required
@GET_OR_POST
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = StudySession.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    can_change = can_write(request.user) and _can_change(StudySession, request.user, pk)
    rows = list(session.attendances.select_related("user"))
    form = None
    if can_change:
        initial = {"present_users": [r.user_id for r in rows if r.user_id and r.present],
                   "absent_users": [r.user_id for r in rows if r.user_id and not r.present],
                   "present_names": "\n".join(r.name for r in rows if not r.user_id and r.present),
                   "absent_names": "\n".join(r.name for r in rows if not r.user_id and not r.present)}
        form = AttendanceForm(request.POST or None, session=session, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.set_attendance(
                    actor=request.user, session=session, present_users=data["present_users"],
                    absent_users=data["absent_users"], present_names=data["present_names"].splitlines(),
                    absent_names=data["absent_names"].splitlines())
            except ValidationError as exc:
                pages.apply_errors(form, exc)
            else:
                messages.success(request, gettext("已保存参学人员。"))
                return redirect(session)
    elif request.method == "POST":
        raise Http404
    present = sum(1 for r in rows if r.present)
    return render(request, "study/session_detail.html", {
        "session": session, "rows": rows, "present": present, "expected": len(rows), "form": form,
        "can_change": can_change})


@login_required
@GET_OR_POST
def session_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        session = StudySession.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user, SESSION_WRITERS).exists():
            raise Http404
        session = StudySession()
    return _edit(request, session, SessionForm,
                 lambda actor, obj, form: services.save_session(actor=actor, session=obj),
                 gettext("编辑学法活动") if pk else gettext("登记学法活动"), gettext("已保存学法活动“%(name)s”。"))


# ---- rules and breaches ---------------------------------------------------------------------------------


@login_required
@require_safe
def rule_list(request: HttpRequest) -> HttpResponse:
    qs = StudyRule.objects.visible_to(request.user).select_related("unit")
    return pages.list_page(request, qs, RuleFilter, RULE_COLUMNS, "kind", gettext("学法规则"), "study:rule_create",
                 services.writable_units(request.user).exists(), template="study/rule_list.html")


@login_required
@GET_OR_POST
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk and request.method != "POST" and not _can_change(StudyRule, request.user, pk):
        rule = StudyRule.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
        return render(request, "study/rule_detail.html", {"rule": rule})
    require_writer(request.user)
    if pk:
        rule = StudyRule.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        rule = StudyRule()
    return _edit(request, rule, RuleForm, lambda actor, obj, form: services.save_rule(actor=actor, rule=obj),
                 gettext("编辑学法规则") if pk else gettext("新建学法规则"), gettext("已保存学法规则“%(name)s”。"))


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        n = int(value or "")
    except ValueError:
        return None
    return n if low <= n <= high else None


@login_required
@require_safe
def breaches(request: HttpRequest) -> HttpResponse:
    """Units that did not meet each rule, for a year (or one month of it) and a region."""
    today = clock.today()
    year = _int(request.GET.get("year"), 2000, today.year) or today.year
    month = _int(request.GET.get("month"), 1, 12)
    start = datetime.date(year, month or 1, 1)
    end = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)) if month \
        else datetime.date(year, 12, 31)
    code = (request.GET.get("region") or "").strip()
    units = Unit.objects.visible_to(request.user)
    region = None
    if code:
        level = regions.level_of(code)
        region = Region.objects.visible_to(request.user).filter(code=code).first() if level else None
        units = units.filter(region__code__startswith=regions.prefix_of(code, level)) if region else units.none()
    results = [selectors.rule_breaches(rule, units=units, start=start, end=min(end, today), today=today)
               for rule in StudyRule.objects.visible_to(request.user).filter(active=True).select_related("unit")]
    return render(request, "study/breaches.html", {
        "results": results, "year": year, "month": month, "region_code": code, "region": region,
        "months": range(1, 13), "years": range(today.year, today.year - 6, -1), "today": today})


# ---- question bank ---------------------------------------------------------------------------------------


@login_required
@require_safe
def question_list(request: HttpRequest) -> HttpResponse:
    qs = Question.objects.visible_to(request.user).select_related("unit")
    return pages.list_page(request, qs, QuestionFilter, QUESTION_COLUMNS, "qtype", gettext("题库"), "study:question_create",
                 services.writable_units(request.user).exists(), template="study/question_list.html")


@login_required
@require_safe
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = Question.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    return render(request, "study/question_detail.html", {
        "question": question, "can_change": can_write(request.user) and _can_change(Question, request.user, pk)})


@login_required
@GET_OR_POST
def question_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        question = Question.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        question = Question()
    return _edit(request, question, QuestionForm,
                 lambda actor, obj, form: services.save_question(actor=actor, question=obj),
                 gettext("编辑试题") if pk else gettext("新建试题"), gettext("已保存试题“%(name)s”。"))


# ---- exams -----------------------------------------------------------------------------------------------


@login_required
@require_safe
def exam_list(request: HttpRequest) -> HttpResponse:
    finished = ~Q(sittings__state=SittingState.IN_PROGRESS) & Q(sittings__isnull=False)
    qs = (Exam.objects.visible_to(request.user).select_related("unit")
          .annotate(finished_count=Count("sittings", filter=finished),
                    passed_count=Count("sittings", filter=finished & Q(sittings__passed=True))))
    return pages.list_page(request, qs, ExamFilter, EXAM_COLUMNS, "-opens_at", gettext("考试"), "study:exam_create",
                 services.writable_units(request.user).exists())


@login_required
@require_safe
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exam = Exam.objects.select_related("unit", "candidate_unit").get_visible_or_404(request.user, pk=pk)
    services.close_expired(exam=exam)
    sittings = Sitting.objects.visible_to(request.user).filter(exam=exam)
    by_unit = list(selectors.results_by_unit(sittings))
    for row in by_unit:
        row["rate"] = selectors.pass_rate_text(row["passed"], row["taken"])
    return render(request, "study/exam_detail.html", {
        "exam": exam, "by_unit": by_unit, "candidates": exam.candidates.select_related("user__unit")[:200],
        "can_change": can_write(request.user) and _can_change(Exam, request.user, pk),
        "in_progress": sittings.filter(state=SittingState.IN_PROGRESS).count()})


@login_required
@GET_OR_POST
def exam_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        exam = Exam.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        exam = Exam()
    return _edit(request, exam, ExamForm,
                 lambda actor, obj, form: services.save_exam(actor=actor, exam=obj, candidates=form.candidates),
                 gettext("编辑考试") if pk else gettext("新建考试"), gettext("已保存考试“%(name)s”。"))


@login_required
@require_safe
def exam_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Results per person (list, filters, export) and per unit (export=units)."""
    exam = Exam.objects.get_visible_or_404(request.user, pk=pk)
    services.close_expired(exam=exam)
    qs = (Sitting.objects.visible_to(request.user).filter(exam=exam)
          .select_related("candidate", "candidate_unit", "exam"))
    if request.GET.get("export") == "units":
        return _units_xlsx(exam, qs)
    return pages.list_page(request, qs, SittingFilter, SITTING_COLUMNS, "-score",
                 gettext("%(title)s：成绩") % {"title": exam.title}, "", False)


def _units_xlsx(exam: Exam, sittings: QuerySet) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext("按单位统计"))
    ws.append([gettext("考生单位"), gettext("交卷人次"), gettext("合格人次"), gettext("合格率"), gettext("平均分")])
    for row in selectors.results_by_unit(sittings):
        ws.append([row["candidate_unit__name"], row["taken"], row["passed"],
                   selectors.pass_rate_text(row["passed"], row["taken"]),
                   round(row["average"] or 0, 1)])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"{exam.title}-{gettext('按单位统计')}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---- the candidate's pages ------------------------------------------------------------------------------


@login_required
@require_safe
def my_exams(request: HttpRequest) -> HttpResponse:
    services.close_expired(candidate=request.user)
    now = timezone.now()
    own = {s.exam_id: s for s in Sitting.objects.of_candidate(request.user).select_related("exam")}
    exams = list(services.exams_for_candidate(request.user).select_related("unit").order_by("-opens_at")[:100])
    rows = [{"exam": e, "sitting": own.get(e.pk), "open": e.is_open(now)} for e in exams]
    return render(request, "study/my_exams.html", {"rows": rows})


@login_required
@require_POST
def exam_start(request: HttpRequest, pk: int) -> HttpResponse:
    exam = services.exams_for_candidate(request.user).filter(pk=pk).first()
    if exam is None:
        raise Http404
    try:
        sitting = services.start_sitting(actor=request.user, exam=exam)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("study:my_exams")
    return redirect(sitting)


def _sitting_for(user: Any, pk: int) -> tuple[Sitting, bool]:
    """(sitting, is own): the candidate's own, or one the office may see."""
    qs = Sitting.objects.select_related("exam", "candidate", "candidate_unit")
    own = qs.of_candidate(user).filter(pk=pk).first()
    if own is not None:
        return own, True
    return qs.get_visible_or_404(user, pk=pk), False


@login_required
@GET_OR_POST
def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sitting, own = _sitting_for(request.user, pk)
    if request.method == "POST":
        if not own:
            raise Http404
        answers = {}
        for n in sitting.items.values_list("position", flat=True):
            values = request.POST.getlist(f"q{n}")
            if values:
                answers[n] = "".join(values)
        try:
            if "submit" in request.POST:
                sitting = services.submit(actor=request.user, sitting=sitting, answers=answers)
                messages.success(request, gettext("已交卷：得分%(s)d分（合格分数%(p)d分），%(r)s。") % {
                    "s": sitting.score, "p": sitting.exam.pass_mark,
                    "r": gettext("合格") if sitting.passed else gettext("不合格")})
            else:
                services.save_answers(actor=request.user, sitting=sitting, answers=answers)
                messages.success(request, gettext("已保存作答。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(sitting)
    if sitting.state == SittingState.IN_PROGRESS and own:
        services.close_expired(candidate=request.user)
        sitting.refresh_from_db()
    items = list(sitting.items.all())
    remaining = max(0, int((sitting.deadline_at - timezone.now()).total_seconds())) \
        if sitting.state == SittingState.IN_PROGRESS else 0
    return render(request, "study/sitting.html", {
        "sitting": sitting, "items": items, "own": own, "remaining_minutes": remaining // 60,
        "remaining_seconds": remaining % 60,
        "answering": own and sitting.state == SittingState.IN_PROGRESS})
