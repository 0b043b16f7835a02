"""Staff pages of meetings: lists (filters, sorting, paging, export), details and forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.meetings import services
from fazhi.meetings.filters import DecisionFilter, MeetingFilter
from fazhi.meetings.forms import DecisionForm, MeetingForm, TaskForm, TopicForm
from fazhi.meetings.models import Decision, Meeting, Topic

MEETING_COLUMNS = [
    Column(_("会议名称"), lambda m: m.title, "title"),
    Column(_("会议类别"), lambda m: m.get_kind_display(), "kind"),
    Column(_("会议日期"), lambda m: m.held_on, "held_on"),
    Column(_("召集单位"), lambda m: m.unit.name, "unit__name"),
    Column(_("主持人"), lambda m: m.chair),
    Column(_("议题数"), lambda m: m.topic_count, "topic_count"),
    Column(_("法治议题数"), lambda m: m.rule_of_law_count, "rule_of_law_count"),
    Column(_("决定事项数"), lambda m: m.decision_count, "decision_count"),
    Column(_("状态"), lambda m: m.get_state_display(), "state"),
]


def _task_label(d: Decision) -> str:
    return str(d.task) if getattr(d, "task_id", None) else ""


DECISION_COLUMNS = [
    Column(_("议定事项"), lambda d: str(d)),
    Column(_("会议"), lambda d: d.meeting.title, "meeting__title"),
    Column(_("会议日期"), lambda d: d.meeting.held_on, "meeting__held_on"),
    Column(_("责任单位"), lambda d: d.responsible_unit.name, "responsible_unit__name"),
    Column(_("完成时限"), lambda d: d.due_on, "due_on"),
    Column(_("转为任务"), _task_label),
]


def _meetings(user: Any) -> QuerySet[Meeting]:
    return (Meeting.objects.visible_to(user).select_related("unit")
            .annotate(topic_count=Count("topics", distinct=True),
                      rule_of_law_count=Count("topics", filter=Q(topics__rule_of_law=True), distinct=True),
                      decision_count=Count("decisions", distinct=True)))


def _decisions(user: Any) -> QuerySet[Decision]:
    related = ["meeting", "responsible_unit"] + (["task"] if services.tasks_installed() else [])
    return Decision.objects.visible_to(user).select_related(*related)


# ---- meetings ---------------------------------------------------------------------------------------


@login_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _meetings(request.user), MeetingFilter, MEETING_COLUMNS, "-held_on", gettext("会议议事"),
                 "meetings:meeting_create", services.writable_units(request.user).exists())


@login_required
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = Meeting.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    can_change = Meeting.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    decisions = list(_decisions(request.user).filter(meeting=meeting).order_by("position", "pk"))
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "can_change": can_change, "topics": list(meeting.topics.all()),
        "decisions": decisions, "attendee_users": list(meeting.attendee_users.all()),
        "tasks_installed": services.tasks_installed()})


@login_required
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        meeting = Meeting.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        meeting = Meeting()
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    return pages.form_page(request, form,
                      lambda: services.save_meeting(actor=request.user, meeting=form.save(commit=False),
                                                    attendee_users=form.cleaned_data["attendee_users"]),
                      gettext("编辑会议") if pk else gettext("登记会议"), gettext("已保存会议。"),
                      meeting if pk else None)


# ---- topics -----------------------------------------------------------------------------------------


@login_required
def topic_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    meeting = Meeting.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = TopicForm(request.POST or None, user=request.user)

    def save() -> Meeting:
        services.add_topic(actor=request.user, meeting=meeting, title=form.cleaned_data["title"],
                           rule_of_law=form.cleaned_data["rule_of_law"])
        return meeting

    return pages.form_page(request, form, save, gettext("添加议题：%(m)s") % {"m": meeting.title},
                      gettext("已添加议题。"), meeting)


@login_required
@require_POST
def topic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    topic = Topic.objects.select_related("meeting").get_visible_or_404(request.user, CHANGE, pk=pk)
    services.delete_topic(actor=request.user, topic=topic)
    messages.success(request, gettext("已删除议题。"))
    return redirect(topic.meeting)


# ---- decisions --------------------------------------------------------------------------------------


@login_required
@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _decisions(request.user), DecisionFilter, DECISION_COLUMNS, "-meeting__held_on",
                 gettext("会议决定事项"), "", False)


@login_required
@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decisions(request.user).select_related("meeting__unit").get_visible_or_404(request.user, pk=pk)
    can_change = Decision.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    task_form = None
    if can_change and services.tasks_installed() and not decision.task_id:
        task_form = TaskForm(user=request.user, auto_id="id_task_%s")
    return render(request, "meetings/decision_detail.html", {
        "decision": decision, "can_change": can_change, "task_form": task_form,
        "meeting_visible": Meeting.objects.visible_to(request.user).filter(pk=decision.meeting_id).exists()})


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    meeting = Meeting.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = DecisionForm(request.POST or None, user=request.user)

    def save() -> Decision:
        data = form.cleaned_data
        return services.add_decision(actor=request.user, meeting=meeting, text=data["text"],
                                     responsible_unit=data["responsible_unit"], due_on=data["due_on"])

    return pages.form_page(request, form, save, gettext("添加决定事项：%(m)s") % {"m": meeting.title},
                      gettext("已添加决定事项。"), meeting)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    decision = Decision.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = DecisionForm(request.POST or None, instance=decision, user=request.user)
    return pages.form_page(request, form,
                      lambda: services.save_decision(actor=request.user, decision=form.save(commit=False)),
                      gettext("编辑决定事项"), gettext("已保存决定事项。"), decision)


@login_required
@require_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    decision = Decision.objects.select_related("meeting").get_visible_or_404(request.user, CHANGE, pk=pk)
    try:
        services.delete_decision(actor=request.user, decision=decision)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(decision)
    messages.success(request, gettext("已删除决定事项。"))
    return redirect(decision.meeting)


@login_required
@require_POST
def decision_task(request: HttpRequest, pk: int) -> HttpResponse:
    """The office turns the decision into a task of the plan it chooses."""
    require_writer(request.user)
    decision = Decision.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    if not services.tasks_installed():
        raise Http404
    form = TaskForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{e}" if f in form.fields else e
                                         for f, errors in form.errors.items() for e in errors))
        return redirect(decision)
    try:
        services.make_task(actor=request.user, decision=decision, plan=form.cleaned_data["plan"],
                           deliverable=form.cleaned_data["deliverable"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已将决定事项转为任务。"))
    return redirect(decision)
