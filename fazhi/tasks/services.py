"""Writes on plans, measures, tasks and progress reports: keyword-only, typed, validated, atomic, audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field, and changes nothing. Other modules call `create_task` (a meeting decision
becomes a task) and read `Task.objects.overdue()` (a unit's overdue tasks for a duty report).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE, can_write
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.procedures import clock
from fazhi.procedures.models import TransitionLog
from fazhi.procedures.services import add_attachment, check_upload, notify, transition
from fazhi.tasks.models import (
    MANAGERS,
    Measure,
    Plan,
    PlanState,
    ProgressReport,
    Task,
    TaskState,
    percent_message,
)
from fazhi.tasks.procedures import TASK_OFFICE, office_users, start_task_deadline

LOCKED_TASK_STATES = (TaskState.DONE, TaskState.CANCELLED)


def writable_units(user: Any) -> QuerySet[Unit]:
    """Units in whose name the user may issue plans (their coordinator/administrator scope)."""
    return access.writable_units(user, MANAGERS)


_save = audit.save_validated  # validate, then save as the actor


def _may_change_plan(actor: Any, plan_id: int | None) -> bool:
    return plan_id is not None and Plan.objects.visible_to(actor, CHANGE).filter(pk=plan_id).exists()


# ---- plans ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_plan(*, actor: Any, plan: Plan) -> Plan:
    """Create or update a plan of a unit the actor manages (a closed plan is no longer edited)."""
    if not plan._state.adding:
        current = Plan.objects.get_visible_or_404(actor, CHANGE, pk=plan.pk)
        if current.state == PlanState.CLOSED:
            raise ValidationError(gettext("已结束的计划不能再修改。"))
        plan.state, plan.issued_on = current.state, current.issued_on
    if plan.unit_id is None or not writable_units(actor).filter(pk=plan.unit_id).exists():
        raise Http404
    return _save(actor, plan)


def create_plan(*, actor: Any, **fields: Any) -> Plan:
    return save_plan(actor=actor, plan=Plan(**fields))


@transaction.atomic
def issue_plan(*, actor: Any, plan: Plan, on: datetime.date | None = None) -> Plan:
    """Issue the plan and, with it, every task still to be issued (each task's deadline starts)."""
    transition(actor=actor, record=plan, name="issue", data={"on": on.isoformat()} if on else None)
    plan.refresh_from_db()
    return plan


# ---- measures ------------------------------------------------------------------------------------------


@transaction.atomic
def save_measure(*, actor: Any, measure: Measure) -> Measure:
    if not measure._state.adding:
        current = Measure.objects.get_visible_or_404(actor, CHANGE, pk=measure.pk)
        if current.plan_id != measure.plan_id:
            raise ValidationError({"plan": gettext("措施不能移到另一个计划。")})
    if not _may_change_plan(actor, measure.plan_id):
        raise Http404
    if measure.number is None and measure.plan_id:
        last = Measure.objects.filter(plan_id=measure.plan_id).order_by("-number").values_list("number", flat=True)
        measure.number = (last.first() or 0) + 1
    return _save(actor, measure)


def create_measure(*, actor: Any, plan: Plan, title: str, number: int | None = None,
                   description: str = "") -> Measure:
    return save_measure(actor=actor, measure=Measure(plan=plan, title=title, number=number,
                                                     description=description))


# ---- tasks ---------------------------------------------------------------------------------------------


def _check_units(actor: Any, units: Iterable[Unit | None]) -> None:
    visible = Unit.objects.visible_to(actor)
    ids = {u.pk for u in units if u is not None}
    if ids and visible.filter(pk__in=ids).count() != len(ids):
        raise Http404


def _set_cooperating(actor: Any, task: Task, units: Sequence[Unit]) -> None:
    before = sorted(task.cooperating_units.values_list("pk", flat=True)) if not task._state.adding else []
    after = sorted({u.pk for u in units} - {task.lead_unit_id})
    if before != after:
        task.cooperating_units.set(after)
        # M2M changes bypass save(): the audit chain records them here.
        audit.record(action="update", obj=task, actor=actor, before={"cooperating_units": before},
                     after={"cooperating_units": after})


@transaction.atomic
def save_task(*, actor: Any, task: Task, cooperating_units: Sequence[Unit] | None = None) -> Task:
    """Create a task in a plan the actor manages, or edit one (the plan's office only).

    A task created in an issued plan is issued at once (its completion deadline starts); a changed
    completion date of a running task restarts the deadline (use `extend_task` to give the reason).
    """
    errors: dict[str, list[str]] = {}
    if task.lead_unit_id is None:
        errors["lead_unit"] = [gettext("请选择牵头单位：每项任务须明确牵头单位。")]
    if errors:
        raise ValidationError(errors)
    _check_units(actor, [task.lead_unit, *(cooperating_units or ())])
    current = None
    if task._state.adding:
        if not _may_change_plan(actor, task.plan_id):
            raise Http404
    else:
        current = Task.objects.get_visible_or_404(actor, CHANGE, pk=task.pk)
        if not TASK_OFFICE(actor, current):
            raise Http404
        if current.state in LOCKED_TASK_STATES:
            raise ValidationError(gettext("已完成或已取消的任务不能再修改。"))
        if current.plan_id != task.plan_id:
            raise ValidationError({"plan": gettext("任务不能移到另一个计划。")})
        task.state, task.progress, task.completed_on = current.state, current.progress, current.completed_on
    if current is None and task.number is None:
        siblings = Task.objects.filter(plan_id=task.plan_id, measure_id=task.measure_id).order_by("-number")
        task.number = (siblings.values_list("number", flat=True).first() or 0) + 1
    if task.plan.state == PlanState.CLOSED:
        raise ValidationError({"plan": gettext("计划“%(p)s”已结束，不能再增改任务。") % {"p": task.plan.title[:60]}})
    _save(actor, task)
    if cooperating_units is not None:
        _set_cooperating(actor, task, cooperating_units)
    today = clock.today()
    if current is None and task.plan.state == PlanState.ISSUED:
        transition(actor=actor, record=task, name="issue")
    elif current is not None and task.state in (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED) and (
            current.due_on != task.due_on or current.lead_unit_id != task.lead_unit_id):
        # A new date, or a new lead unit (the deadline shows on the lead unit's home page): restart it.
        start_task_deadline(task, actor=actor, on=today, by="extend" if current.due_on != task.due_on else "edit")
    task.refresh_from_db()
    return task


def create_task(*, actor: Any, plan: Plan, title: str, lead_unit: Unit | None, due_on: datetime.date,
                measure: Measure | None = None, cooperating_units: Sequence[Unit] = (),
                responsible_leader: str = "", deliverable: str = "", source: str = "",
                number: int | None = None) -> Task:
    """A new task of `plan` (issued at once if the plan is issued). Meetings call this for a decision."""
    task = Task(plan=plan, measure=measure, number=number, title=title, lead_unit=lead_unit, due_on=due_on,
                responsible_leader=responsible_leader, deliverable=deliverable, source=source)
    return save_task(actor=actor, task=task, cooperating_units=list(cooperating_units))


@transaction.atomic
def extend_task(*, actor: Any, task: Task, due_on: datetime.date, reason: str) -> Task:
    """Change a task's completion date (延期 / 调整) with its reason; the running deadline restarts."""
    current = Task.objects.select_related("plan").get_visible_or_404(actor, CHANGE, pk=task.pk)
    if not TASK_OFFICE(actor, current):
        raise Http404
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [gettext("请填写调整完成时限的理由。")]
    if current.state in LOCKED_TASK_STATES:
        errors.setdefault("due_on", []).append(gettext("已完成或已取消的任务不能调整完成时限。"))
    if due_on == current.due_on:
        errors.setdefault("due_on", []).append(gettext("新的完成时限与原完成时限相同。"))
    if errors:
        raise ValidationError(errors)
    current.due_on = due_on
    current.extension_reason = reason.strip()[:500]
    _save(actor, current)
    if current.state in (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED):
        start_task_deadline(current, actor=actor, on=clock.today(), by="extend")
    task.refresh_from_db()
    return task


def take_step(*, actor: Any, task: Task, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    """A step of the task's procedure (accept, return, cancel, submit) through the engine."""
    return transition(actor=actor, record=task, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)


# ---- progress reports ----------------------------------------------------------------------------------


def check_evidence(files: Iterable[UploadedFile]) -> None:
    """Refuse a forbidden file type or an oversized file (the attachments' own check, for every file at
    once and before anything is written)."""
    problems = []
    for f in files:
        try:
            check_upload(f)
        except ValidationError as exc:
            problems.extend(exc.message_dict["file"])
    if problems:
        raise ValidationError({"files": problems})


@transaction.atomic
def submit_progress(*, actor: Any, task: Task, percent: int, text: str,
                    reported_on: datetime.date | None = None,
                    files: Sequence[UploadedFile] = ()) -> ProgressReport:
    """The lead unit reports progress on a task; the first report moves the task to 推进中."""
    if not can_write(actor):
        raise Http404
    current = Task.objects.select_related("plan").get_visible_or_404(actor, CHANGE, pk=task.pk)
    errors: dict[str, list[str]] = {}
    if current.state not in (TaskState.ASSIGNED, TaskState.IN_PROGRESS):
        errors["__all__"] = [gettext("任务当前为“%(s)s”，不能报送进度（仅限已下达、推进中的任务）。") % {
            "s": current.get_state_display()}]
    exclude = ["task"]
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = [percent_message(percent)]
        exclude.append("percent")
    report = ProgressReport(task=current, percent=percent if "percent" not in errors else 0,
                            text=(text or "").strip(), reported_on=reported_on or clock.today())
    try:
        report.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    try:
        check_evidence(files)
    except ValidationError as exc:
        errors.setdefault("files", []).extend(exc.message_dict["files"])
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        report.save()
    if current.state == TaskState.ASSIGNED:
        transition(actor=actor, record=current, name="start")
    for f in files:
        add_attachment(actor=actor, record=report, kind="evidence", file=f)
    notify(users=office_users(current.plan), url=report.get_absolute_url(),
           text=gettext("%(unit)s报送了“%(task)s”的进度（%(p)d%%），请审核。") % {
               "unit": current.lead_unit.name, "task": current.title[:100], "p": report.percent})
    task.refresh_from_db()
    return report


def review_progress(*, actor: Any, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    """The office accepts or returns a progress report (returning needs a comment)."""
    transition(actor=actor, record=report, name="accept" if accept else "return", comment=comment)
    report.refresh_from_db()
    return report
