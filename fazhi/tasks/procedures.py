"""Procedures of plans, tasks and progress reports.

Plan: 起草 → 已印发 (issuing a plan issues its tasks) → 已结束.
Task: 待下达 → 已下达 (the completion deadline starts) → 推进中 (first progress report) → 申请办结 →
已完成 (deadline stopped on the completion date), or 退回 to 推进中; 取消 by the office.
Progress report: 待审核 → 已采纳 / 已退回.

No time limit is declared: a task's completion date is set by the office for each task (an
*assigned* deadline, `services.start_deadline(due_on=…, basis=<the plan>)`), not by law. The engine
only checks declared limits in `start=`/`stop=`, so the task deadline is started and stopped by the
steps' effects, inside the step's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import SYSTEM, Role, grant_q, grants_of, is_unrestricted
from fazhi.core.audit import acting_as
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Permission,
    Procedure,
    State,
    Transition,
    has_role,
    register,
    step_date,
)
from fazhi.tasks.models import DEADLINE_KEY, PlanState, ReportStatus, TaskState

BASIS = _("《法治政府建设实施纲要（2021—2025年）》；《法治政府建设与责任落实督察工作规定》（督促落实、跟踪问效）")
DEADLINE_LABEL = _("任务完成时限")


def _office_of(path: str) -> Any:
    """A coordinator (or administrator) whose scope holds the unit at `path` (the plan's office)."""

    def test(user: Any, record: Any) -> bool:
        if is_unrestricted(user):
            return True
        grants = [g for g in grants_of(user) if g.role in (Role.COORDINATOR, Role.ADMIN)]
        if not grants or record.pk is None:
            return False
        cache = record.__dict__.setdefault("_tasks_office", {})
        key = getattr(user, "pk", None)
        if key not in cache:
            q = Q(pk__in=[])
            for grant in grants:
                q |= grant_q(grant, path)
            cache[key] = type(record)._base_manager.filter(q, pk=record.pk).exists()
        return cache[key]

    return Permission(test, lambda: gettext("须由印发计划的依法治市（县）办协调员办理"))


PLAN_OFFICE = _office_of("unit")
TASK_OFFICE = _office_of("plan__unit")
REPORT_OFFICE = _office_of("task__plan__unit")
# The lead unit's legal officer, or the office itself (which may record on a unit's behalf).
LEAD_UNIT = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR, Role.ADMIN)


def start_task_deadline(task: Any, *, actor: Any, on: Any, by: str) -> None:
    """Start (or restart: same key) the task's completion deadline, with the plan as its basis."""
    from fazhi.procedures.services import start_deadline

    with acting_as(actor):
        start_deadline(actor=SYSTEM, record=task, key=DEADLINE_KEY, on=min(on, task.due_on), due_on=task.due_on,
                       label=str(DEADLINE_LABEL), basis=task.plan.title[:300], by=by)


def stop_task_deadline(task: Any, *, actor: Any, on: Any, by: str) -> None:
    from fazhi.procedures.services import stop_deadline

    with acting_as(actor):
        stop_deadline(actor=SYSTEM, record=task, key=DEADLINE_KEY, on=on, by=by)


def office_users(plan: Any) -> Any:
    """The coordinators of the plan's office: told when a unit reports progress or asks to close a task."""
    from fazhi.core.models import User

    return User.objects.filter(is_active=True, unit_id=plan.unit_id, roles__role=Role.COORDINATOR).distinct()


# ---- plans -------------------------------------------------------------------------------------------


def _issued(plan: Any, *, actor: Any, data: dict) -> None:
    """The plan's tasks are issued with it (each through its own step, so each has its history)."""
    from fazhi.procedures.services import transition

    plan.issued_on = step_date(plan)
    with acting_as(actor):
        plan.save()  # saved first: each task's step checks that its plan is issued
    on = {"on": data["on"]} if data.get("on") else None
    for task in plan.tasks.filter(state=TaskState.DRAFT).order_by("pk"):
        transition(actor=actor, record=task, name="issue", data=on)


def _plan_has_tasks(plan: Any) -> bool:
    return plan.tasks.exists()


def _plan_open_tasks(plan: Any) -> bool:
    return not plan.tasks.filter(state__in=(TaskState.DRAFT, TaskState.ASSIGNED, TaskState.IN_PROGRESS,
                                            TaskState.SUBMITTED)).exists()


@register
class PlanProcedure(Procedure):
    model = "tasks.Plan"
    label = _("工作计划印发程序")
    basis = BASIS
    states = [State(PlanState.DRAFT, PlanState.DRAFT.label), State(PlanState.ISSUED, PlanState.ISSUED.label),
              State(PlanState.CLOSED, PlanState.CLOSED.label, final=True)]
    initial = PlanState.DRAFT
    attachment_kinds = [AttachmentKind("plan_text", _("计划印发文本"))]
    transitions = [
        Transition("issue", _("印发"), source=PlanState.DRAFT, target=PlanState.ISSUED, permission=PLAN_OFFICE,
                   dated=True, effect=_issued,
                   gates=[Gate(_plan_has_tasks, _("计划尚无任务：请先分解任务后再印发（任务分解，明确牵头单位和完成时限）"))]),
        Transition("close", _("结束"), source=PlanState.ISSUED, target=PlanState.CLOSED, permission=PLAN_OFFICE,
                   dated=True,
                   gates=[Gate(_plan_open_tasks, _("计划仍有未完成、未取消的任务，不能结束（逐项销号）"))]),
    ]


# ---- tasks -------------------------------------------------------------------------------------------


def _task_issued(task: Any, *, actor: Any, data: dict) -> None:
    start_task_deadline(task, actor=actor, on=step_date(task), by="issue")


def _task_done(task: Any, *, actor: Any, data: dict) -> None:
    task.completed_on = step_date(task)
    task.progress = 100
    stop_task_deadline(task, actor=actor, on=task.completed_on, by="accept")


def _task_cancelled(task: Any, *, actor: Any, data: dict) -> None:
    stop_task_deadline(task, actor=actor, on=step_date(task), by="cancel")


def _plan_issued(task: Any) -> bool:
    return task.plan.state == PlanState.ISSUED


def _complete_report(task: Any) -> bool:
    return task.progress_reports.filter(percent=100).exclude(status=ReportStatus.RETURNED).exists()


OPEN = (TaskState.DRAFT, TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED)


@register
class TaskProcedure(Procedure):
    model = "tasks.Task"
    label = _("工作任务督办程序")
    basis = BASIS
    states = [State(s, s.label, final=s in (TaskState.DONE, TaskState.CANCELLED)) for s in TaskState]
    initial = TaskState.DRAFT
    attachment_kinds = [AttachmentKind("evidence", _("佐证材料")), AttachmentKind("deliverable", _("成果材料"))]
    transitions = [
        Transition("issue", _("下达"), source=TaskState.DRAFT, target=TaskState.ASSIGNED, permission=TASK_OFFICE,
                   dated=True, effect=_task_issued,
                   gates=[Gate(_plan_issued, _("计划尚未印发：任务随计划印发下达"))]),
        Transition("start", _("开始推进"), source=TaskState.ASSIGNED, target=TaskState.IN_PROGRESS,
                   permission=LEAD_UNIT),
        Transition("submit", _("申请办结"), source=TaskState.IN_PROGRESS, target=TaskState.SUBMITTED,
                   permission=LEAD_UNIT, notify=lambda task: office_users(task.plan),
                   gates=[Gate(_complete_report, _("须先报送完成进度为100%的进度报告（附成果、佐证材料）"))]),
        Transition("accept", _("确认完成"), source=TaskState.SUBMITTED, target=TaskState.DONE,
                   permission=TASK_OFFICE, dated=True, effect=_task_done),
        Transition("return", _("退回"), source=TaskState.SUBMITTED, target=TaskState.IN_PROGRESS,
                   permission=TASK_OFFICE, comment_required=True, style="secondary"),
        Transition("cancel", _("取消任务"), source=OPEN, target=TaskState.CANCELLED, permission=TASK_OFFICE,
                   comment_required=True, dated=True, effect=_task_cancelled, style="secondary"),
    ]


# ---- progress reports ----------------------------------------------------------------------------------


def _report_accepted(report: Any, *, actor: Any, data: dict) -> None:
    report.reviewed_on = step_date(report)
    report.comment = data.get("comment", "")
    task = report.task
    if report.percent != task.progress:
        task.progress = report.percent
        with acting_as(actor):
            task.save(update_fields=["progress", "updated_at"])


def _report_returned(report: Any, *, actor: Any, data: dict) -> None:
    report.reviewed_on = step_date(report)
    report.comment = data.get("comment", "")


@register
class ProgressReportProcedure(Procedure):
    model = "tasks.ProgressReport"
    label = _("进度报告审核")
    basis = BASIS
    state_field = "status"
    states = [State(ReportStatus.SUBMITTED, ReportStatus.SUBMITTED.label),
              State(ReportStatus.ACCEPTED, ReportStatus.ACCEPTED.label, final=True),
              State(ReportStatus.RETURNED, ReportStatus.RETURNED.label, final=True)]
    initial = ReportStatus.SUBMITTED
    attachment_kinds = [AttachmentKind("evidence", _("佐证材料"))]
    transitions = [
        Transition("accept", _("采纳"), source=ReportStatus.SUBMITTED, target=ReportStatus.ACCEPTED,
                   permission=REPORT_OFFICE, dated=True, effect=_report_accepted),
        Transition("return", _("退回"), source=ReportStatus.SUBMITTED, target=ReportStatus.RETURNED,
                   permission=REPORT_OFFICE, dated=True, comment_required=True, effect=_report_returned,
                   style="secondary"),
    ]
