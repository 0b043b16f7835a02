"""Staff pages of plans, measures, tasks and progress reports."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline
from fazhi.tasks import services
from fazhi.tasks.filters import PlanFilter, TaskFilter
from fazhi.tasks.forms import ExtendForm, MeasureForm, PlanForm, ProgressForm, TaskForm
from fazhi.tasks.models import DEADLINE_KEY, Measure, Plan, PlanState, ProgressReport, Task, TaskState
from fazhi.tasks.procedures import TASK_OFFICE

PLAN_COLUMNS = [
    Column(_("计划名称"), lambda p: p.title, "title"),
    Column(_("计划类别"), lambda p: p.get_kind_display(), "kind"),
    Column(_("印发单位"), lambda p: p.unit.name, "unit__name"),
    Column(_("起始日期"), lambda p: p.starts_on, "starts_on"),
    Column(_("截止日期"), lambda p: p.ends_on, "ends_on"),
    Column(_("状态"), lambda p: p.get_state_display(), "state"),
    Column(_("措施数"), lambda p: p.measure_count, "measure_count"),
    Column(_("任务数"), lambda p: p.task_count, "task_count"),
    Column(_("已完成"), lambda p: p.done_count, "done_count"),
]
TASK_COLUMNS = [
    Column(_("序号"), lambda t: t.number_label),
    Column(_("任务名称"), lambda t: t.title, "title"),
    Column(_("工作计划"), lambda t: t.plan.title, "plan__title"),
    Column(_("所属措施"), lambda t: t.measure.title if t.measure_id else "", "measure__number"),
    Column(_("牵头单位"), lambda t: t.lead_unit.name, "lead_unit__name"),
    Column(_("责任领导"), lambda t: t.responsible_leader, "responsible_leader"),
    Column(_("完成时限"), lambda t: t.due_on, "due_on"),
    Column(_("完成进度（%）"), lambda t: t.progress, "progress"),
    Column(_("状态"), lambda t: t.get_state_display(), "state"),
    Column(_("完成日期"), lambda t: t.completed_on, "completed_on"),
]


def _edit(request: HttpRequest, record: Model, form_class: type, save: Callable[..., Any], title: str,
          saved: str, initial: dict | None = None) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(form, form.save(commit=False)),
                           title, saved, initial=initial)


# ---- plans ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    qs = (Plan.objects.visible_to(request.user).select_related("unit")
          .annotate(measure_count=Count("measures", distinct=True), task_count=Count("tasks", distinct=True),
                    done_count=Count("tasks", filter=Q(tasks__state=TaskState.DONE), distinct=True)))
    ctx = listing.build(request, qs, functools.partial(PlanFilter, user=request.user), PLAN_COLUMNS, "-starts_on")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], PLAN_COLUMNS, gettext("工作计划"))
    ctx.update(title=gettext("工作计划"), create_url="tasks:plan_create",
               can_create=services.writable_units(request.user).exists())
    return render(request, "fazhi/list.html", ctx)


@login_required
@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = Plan.objects.select_related("unit", "region").get_visible_or_404(request.user, pk=pk)
    tasks = (Task.objects.visible_to(request.user).filter(plan=plan).select_related("lead_unit", "measure")
             .order_by("measure__number", "number", "pk"))
    measures = list(Measure.objects.filter(plan=plan).prefetch_related(Prefetch("tasks", queryset=tasks,
                                                                                to_attr="visible_tasks")))
    for m in measures:
        m.done = sum(1 for t in m.visible_tasks if t.state == TaskState.DONE)
    loose = [t for t in tasks if t.measure_id is None]
    counts = {row["state"]: row["n"] for row in tasks.order_by().values("state").annotate(n=Count("pk"))}
    overdue = tasks.overdue().count()
    can_change = Plan.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    return render(request, "tasks/plan_detail.html", {
        "plan": plan, "measures": measures, "loose": loose, "total": sum(counts.values()),
        "done": counts.get(TaskState.DONE, 0), "overdue": overdue,
        "tally": [(label, counts.get(value, 0)) for value, label in TaskState.choices],
        "can_change": can_change and plan.state != PlanState.CLOSED})


@login_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        plan = Plan.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        plan = Plan()
    return _edit(request, plan, PlanForm, lambda form, obj: services.save_plan(actor=request.user, plan=obj),
                 gettext("编辑工作计划") if pk else gettext("新建工作计划"), gettext("已保存工作计划“%(name)s”。"))


@login_required
def measure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial = None
    if pk:
        measure = Measure.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        plans = Plan.objects.visible_to(request.user, CHANGE)
        if not plans.exists():
            raise Http404
        measure = Measure()
        plan_id = request.GET.get("plan", "")
        if plan_id.isdigit() and plans.filter(pk=plan_id).exists():
            initial = {"plan": int(plan_id)}
    return _edit(request, measure, MeasureForm,
                 lambda form, obj: services.save_measure(actor=request.user, measure=obj),
                 gettext("编辑工作措施") if pk else gettext("新增工作措施"), gettext("已保存措施“%(name)s”。"),
                 initial=initial)


# ---- tasks ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def task_list(request: HttpRequest) -> HttpResponse:
    qs = Task.objects.visible_to(request.user).select_related("plan", "measure", "lead_unit")
    ctx = listing.build(request, qs, functools.partial(TaskFilter, user=request.user), TASK_COLUMNS, "due_on")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], TASK_COLUMNS, gettext("工作任务"))
    ctx.update(title=gettext("工作任务"), create_url="tasks:task_create",
               can_create=Plan.objects.visible_to(request.user, CHANGE).exclude(state=PlanState.CLOSED).exists())
    return render(request, "fazhi/list.html", ctx)


def _deadline(task: Task) -> Deadline | None:
    ct = ContentType.objects.get_for_model(Task)
    return (Deadline.objects.filter(content_type=ct, object_id=task.pk, key=DEADLINE_KEY)
            .order_by("stopped_on", "-pk").first())


@login_required
@require_safe
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = (Task.objects.select_related("plan__unit", "measure", "lead_unit")
            .get_visible_or_404(request.user, pk=pk))
    may_change = Task.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    office = may_change and TASK_OFFICE(request.user, task)
    deadline = _deadline(task)
    days_left = deadline.working_days_left(clock.today()) if deadline else None
    return render(request, "tasks/task_detail.html", {
        "task": task, "cooperating": list(task.cooperating_units.all()),
        "deadline": deadline, "days_left": days_left,
        "overdue_days": -days_left if days_left is not None and days_left < 0 else 0,
        "reports": ProgressReport.objects.visible_to(request.user).filter(task=task),
        "can_report": may_change and task.state in (TaskState.ASSIGNED, TaskState.IN_PROGRESS),
        "can_edit": office and task.state not in services.LOCKED_TASK_STATES,
        "extend_form": ExtendForm(initial={"due_on": task.due_on}) if office and task.state in (
            TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED) else None,
    })


@login_required
def task_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial: dict[str, Any] = {}
    if pk:
        task = Task.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if not TASK_OFFICE(request.user, task) or task.state in services.LOCKED_TASK_STATES:
            raise Http404
    else:
        plans = Plan.objects.visible_to(request.user, CHANGE).exclude(state=PlanState.CLOSED)
        if not plans.exists():
            raise Http404
        task = Task()
        for key, model in (("plan", Plan), ("measure", Measure)):
            value = request.GET.get(key, "")
            if value.isdigit() and model.objects.visible_to(request.user, CHANGE).filter(pk=value).exists():
                initial[key] = int(value)
        if "measure" in initial and "plan" not in initial:
            initial["plan"] = Measure.objects.get(pk=initial["measure"]).plan_id
    return _edit(request, task, TaskForm,
                 lambda form, obj: services.save_task(actor=request.user, task=obj,
                                                      cooperating_units=form.cooperating_units),
                 gettext("编辑工作任务") if pk else gettext("新增工作任务"), gettext("已保存任务“%(name)s”。"),
                 initial=initial)


@login_required
@require_POST
def task_extend(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    task = Task.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.extend_task(actor=request.user, task=task, due_on=form.cleaned_data["due_on"],
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已调整完成时限。"))
            return redirect(task)
    return render(request, "fazhi/form.html", {"form": form, "title": gettext("调整完成时限"), "cancel": task})


@login_required
def progress_submit(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    task = Task.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_progress(actor=request.user, task=task, percent=data["percent"], text=data["text"],
                                     reported_on=data.get("reported_on"), files=data.get("files") or [])
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已报送进度，等待依法治市（县）办审核。"))
            return redirect(task)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("报送进度：%(task)s") % {"task": task.title[:60]}, "cancel": task})


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = ProgressReport.objects.select_related("task__plan", "task__lead_unit").get_visible_or_404(
        request.user, pk=pk)
    return render(request, "tasks/report_detail.html", {"report": report})
