"""Staff pages of duty reports (lists, details, forms, the leader's record) and the public results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.dutyreports import selectors, services
from fazhi.dutyreports.filters import ReportFilter, ScheduleFilter
from fazhi.dutyreports.forms import ReportFileForm, ReportForm, ScheduleForm, ScoreForm
from fazhi.dutyreports.models import SCORING_STATES, DutyReport, DutyReportSchedule, Score

SCHEDULE_COLUMNS = [
    Column(_("名称"), lambda s: s.title, "title"),
    Column(_("述法年度"), lambda s: s.year, "year"),
    Column(_("组织单位"), lambda s: s.unit.name, "unit__name"),
    Column(_("述法人数"), lambda s: s.report_count, "report_count"),
]


def _score(r: DutyReport) -> Any:
    return r.score if r.score is not None else (round(r.live_score, 2) if r.live_score is not None else None)


REPORT_COLUMNS = [
    Column(_("述法人"), lambda r: r.leader_name, "leader_name"),
    Column(_("职务"), lambda r: r.leader_post, "leader_post"),
    Column(_("述法人所在单位"), lambda r: r.leader_unit.name, "leader_unit__name"),
    Column(_("述法年度"), lambda r: r.schedule.year, "schedule__year"),
    Column(_("述法方式"), lambda r: r.get_mode_display(), "mode"),
    Column(_("述法日期"), lambda r: r.scheduled_on, "scheduled_on"),
    Column(_("状态"), lambda r: r.get_state_display(), "state"),
    Column(_("评议得分"), _score, "score"),
]


def _reports(user: Any) -> QuerySet[DutyReport]:
    return selectors.with_live_score(DutyReport.objects.visible_to(user).select_related("schedule", "leader_unit"))


# ---- schedules --------------------------------------------------------------------------------------


@login_required
@require_safe
def schedule_list(request: HttpRequest) -> HttpResponse:
    qs = (DutyReportSchedule.objects.visible_to(request.user).select_related("unit")
          .annotate(report_count=Count("reports")))
    return pages.list_page(request, qs, ScheduleFilter, SCHEDULE_COLUMNS, "-year", gettext("年度述法安排"),
                 "dutyreports:schedule_create", services.writable_units(request.user).exists())


@login_required
@require_safe
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = DutyReportSchedule.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    return render(request, "dutyreports/schedule_detail.html", {
        "schedule": schedule, "reports": list(_reports(request.user).filter(schedule=schedule)),
        "can_change": DutyReportSchedule.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()})


@login_required
def schedule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        schedule = DutyReportSchedule.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        schedule = DutyReportSchedule()
    form = ScheduleForm(request.POST or None, instance=schedule, user=request.user)
    return pages.form_page(request, form,
                      lambda: services.save_schedule(actor=request.user, schedule=form.save(commit=False)),
                      gettext("编辑年度述法安排") if pk else gettext("新建年度述法安排"), gettext("已保存述法安排。"),
                      schedule if pk else None)


# ---- reports ----------------------------------------------------------------------------------------


@login_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _reports(request.user), ReportFilter, REPORT_COLUMNS, "scheduled_on", gettext("述法评议"),
                 "dutyreports:report_create",
                 DutyReportSchedule.objects.visible_to(request.user, CHANGE).exists())


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _reports(request.user).select_related("schedule__unit").get_visible_or_404(request.user, pk=pk)
    scores = list(Score.objects.visible_to(request.user).filter(report=report).select_related("reviewer"))
    scored = any(s.reviewer_id == request.user.pk for s in scores)
    may_score = report.state in SCORING_STATES and not scored and services.may_score(request.user, report)
    can_change = DutyReport.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    return render(request, "dutyreports/report_detail.html", {
        "report": report, "scores": scores, "score_form": ScoreForm(auto_id="id_score_%s") if may_score else None,
        "can_change": can_change,
        "file_form": ReportFileForm(auto_id="id_file_%s") if can_change and report.state == "planned" else None,
        "schedule_visible": DutyReportSchedule.objects.visible_to(request.user).filter(
            pk=report.schedule_id).exists()})


@login_required
@require_safe
def report_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's record for the report's year: findings, overdue tasks and rectification items."""
    report = DutyReport.objects.select_related("schedule", "leader_unit").get_visible_or_404(request.user, pk=pk)
    return render(request, "dutyreports/report_record.html", {
        "report": report, "record": selectors.leader_record(request.user, report)})


@login_required
def report_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial = None
    if pk:
        report = DutyReport.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if report.state == "published":
            raise Http404
    else:
        schedules = DutyReportSchedule.objects.visible_to(request.user, CHANGE)
        if not schedules.exists():
            raise Http404
        report = DutyReport()
        asked = request.GET.get("schedule", "")
        if asked.isdigit() and schedules.filter(pk=asked).exists():
            initial = {"schedule": int(asked)}
    form = ReportForm(request.POST or None, instance=report, user=request.user, initial=initial)
    return pages.form_page(request, form, lambda: services.save_report(actor=request.user, report=form.save(commit=False)),
                      gettext("编辑述法") if pk else gettext("安排述法"), gettext("已保存述法。"),
                      report if pk else None)


@login_required
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's report as a Word file: attached, and its text read into the report."""
    require_writer(request.user)
    report = DutyReport.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = ReportFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(report)
    try:
        services.upload_report(actor=request.user, report=report, file=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已上传述法报告并读取正文。"))
    return redirect(report)


@login_required
@require_POST
def score_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    report = DutyReport.objects.get_visible_or_404(request.user, pk=pk)
    if not services.may_score(request.user, report):
        raise Http404
    form = ScoreForm(request.POST)
    if form.is_valid():
        try:
            services.add_score(actor=request.user, report=report, score=form.cleaned_data["score"],
                               comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("已评分。"))
    else:
        messages.error(request, "；".join(f"{form.fields[f].label}：{e}" if f in form.fields else str(e)
                                         for f, errors in form.errors.items() for e in errors))
    return redirect(report)


# ---- the public portal ------------------------------------------------------------------------------


@require_safe
def public_results(request: HttpRequest) -> HttpResponse:
    years = selectors.public_years()
    year = years[0] if years else None
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        year = int(asked)
    reports = list(selectors.public_reports().filter(schedule__year=year).order_by("scheduled_on", "pk")) if year else []
    return render(request, "dutyreports/public_results.html", {"years": years, "year": year, "reports": reports})
