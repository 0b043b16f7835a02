"""API of plans and tasks (/api/v1/tasks/): plans, tasks, progress reports and the office's steps."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.models import Unit
from fazhi.tasks import services
from fazhi.tasks.filters import PlanFilter, TaskFilter
from fazhi.tasks.models import LEADER_MAX, TITLE_MAX, Measure, Plan, ProgressReport, Task

router = Router(tags=["tasks"])


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    unit_id: int
    unit: str
    starts_on: datetime.date
    ends_on: datetime.date
    state: str
    state_label: str
    issued_on: datetime.date | None

    @staticmethod
    def resolve_kind_label(obj: Plan) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_unit(obj: Plan) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_state_label(obj: Plan) -> str:
        return str(obj.get_state_display())


class TaskOut(Schema):
    id: int
    plan_id: int
    plan: str
    measure_id: int | None
    measure: str
    number: int | None
    title: str
    lead_unit_id: int
    lead_unit: str
    cooperating_unit_ids: list[int]
    responsible_leader: str
    due_on: datetime.date
    deliverable: str
    source: str
    state: str
    state_label: str
    progress: int
    completed_on: datetime.date | None

    @staticmethod
    def resolve_plan(obj: Task) -> str:
        return obj.plan.title

    @staticmethod
    def resolve_measure(obj: Task) -> str:
        return obj.measure.title if obj.measure_id else ""

    @staticmethod
    def resolve_lead_unit(obj: Task) -> str:
        return obj.lead_unit.name

    @staticmethod
    def resolve_cooperating_unit_ids(obj: Task) -> list[int]:
        return [u.pk for u in obj.cooperating_units.all()]

    @staticmethod
    def resolve_state_label(obj: Task) -> str:
        return str(obj.get_state_display())


class TaskIn(Schema):
    plan_id: int
    measure_id: int | None = None
    title: str = Field(..., max_length=TITLE_MAX)
    lead_unit_id: int | None = Field(None, description="牵头单位（必填）")
    cooperating_unit_ids: list[int] = []
    responsible_leader: str = Field("", max_length=LEADER_MAX)
    due_on: datetime.date
    deliverable: str = Field("", max_length=TITLE_MAX)
    source: str = ""


class ReportOut(Schema):
    id: int
    task_id: int
    reported_on: datetime.date
    percent: int
    text: str
    status: str
    status_label: str
    comment: str
    reviewed_on: datetime.date | None

    @staticmethod
    def resolve_status_label(obj: ProgressReport) -> str:
        return str(obj.get_status_display())


class ReportIn(Schema):
    percent: int = Field(..., description="完成进度 0–100")
    text: str
    reported_on: datetime.date | None = None


class StepIn(Schema):
    name: str = Field(..., description="办理操作：accept 确认完成、return 退回、cancel 取消任务、submit 申请办结")
    comment: str = ""
    on: datetime.date | None = None


class ReviewIn(Schema):
    comment: str = ""


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _plans(user):
    return Plan.objects.visible_to(user).select_related("unit")


def _tasks(user):
    return (Task.objects.visible_to(user).select_related("plan", "measure", "lead_unit")
            .prefetch_related("cooperating_units"))


@router.get("/plans", response=list[PlanOut], summary="可见的工作计划")
@paginate(PageNumberPagination, page_size=50)
def tasks_list_plans(request, q: str | None = None, kind: str | None = None, state: str | None = None,
                    year: int | None = None):
    data = {"q": q, "kind": kind, "state": state, "year": year}
    return _filtered(PlanFilter, data, _plans(request.auth), request.auth).order_by("-starts_on", "pk")


@router.get("/plans/{task_plan_id}", response=PlanOut, summary="工作计划详情")
def tasks_get_plan(request, task_plan_id: int):
    return _plans(request.auth).get_visible_or_404(request.auth, pk=task_plan_id)


@router.get("/tasks", response=list[TaskOut], summary="可见的工作任务")
@paginate(PageNumberPagination, page_size=50)
def tasks_list_tasks(request, q: str | None = None, plan: int | None = None, measure: int | None = None,
               lead_unit: int | None = None, unit: int | None = None, state: str | None = None,
               urgency: str | None = None, leader: str | None = None, due_before: datetime.date | None = None):
    data = {"q": q, "plan": plan, "measure": measure, "lead_unit": lead_unit, "unit": unit, "state": state,
            "urgency": urgency, "leader": leader, "due_before": due_before}
    return _filtered(TaskFilter, data, _tasks(request.auth), request.auth).order_by("due_on", "pk")


@router.get("/tasks/{task_id}", response=TaskOut, summary="工作任务详情")
def tasks_get_task(request, task_id: int):
    return _tasks(request.auth).get_visible_or_404(request.auth, pk=task_id)


@router.post("/tasks", response={201: TaskOut}, summary="新增工作任务（依法治市（县）办）")
def tasks_create_task(request, payload: TaskIn):
    require_writer(request.auth)
    plan = Plan.objects.visible_to(request.auth, CHANGE).filter(pk=payload.plan_id).first()
    if plan is None:
        raise Http404
    measure = None
    if payload.measure_id is not None:
        measure = Measure.objects.visible_to(request.auth, CHANGE).filter(pk=payload.measure_id).first()
        if measure is None:
            raise Http404
    units = Unit.objects.visible_to(request.auth)
    lead = units.filter(pk=payload.lead_unit_id).first() if payload.lead_unit_id is not None else None
    if payload.lead_unit_id is not None and lead is None:
        raise Http404
    cooperating = list(units.filter(pk__in=payload.cooperating_unit_ids))
    if len(cooperating) != len(set(payload.cooperating_unit_ids)):
        raise Http404
    task = services.create_task(
        actor=request.auth, plan=plan, measure=measure, title=payload.title, lead_unit=lead,
        due_on=payload.due_on, cooperating_units=cooperating, responsible_leader=payload.responsible_leader,
        deliverable=payload.deliverable, source=payload.source)
    return Status(201, _tasks(request.auth).get(pk=task.pk))


@router.post("/tasks/{task_id}/transitions", response=TaskOut, summary="办理任务（申请办结、确认完成、退回、取消）")
def tasks_take_step(request, task_id: int, payload: StepIn):
    require_writer(request.auth)
    task = Task.objects.get_visible_or_404(request.auth, pk=task_id)
    services.take_step(actor=request.auth, task=task, name=payload.name, comment=payload.comment, on=payload.on)
    return _tasks(request.auth).get(pk=task.pk)


@router.get("/tasks/{task_id}/progress", response=list[ReportOut], summary="任务的进度报告")
@paginate(PageNumberPagination, page_size=50)
def tasks_list_progress(request, task_id: int):
    task = Task.objects.get_visible_or_404(request.auth, pk=task_id)
    return ProgressReport.objects.visible_to(request.auth).filter(task=task).order_by("-reported_on", "-pk")


@router.post("/tasks/{task_id}/progress", response={201: ReportOut}, summary="报送进度（牵头单位）")
def tasks_submit_progress(request, task_id: int, payload: ReportIn):
    require_writer(request.auth)
    task = Task.objects.get_visible_or_404(request.auth, CHANGE, pk=task_id)
    report = services.submit_progress(actor=request.auth, task=task, percent=payload.percent, text=payload.text,
                                      reported_on=payload.reported_on)
    return Status(201, report)


@router.post("/progress/{progress_report_id}/accept", response=ReportOut, summary="采纳进度报告（依法治市（县）办）")
def tasks_accept_progress(request, progress_report_id: int, payload: ReviewIn):
    require_writer(request.auth)
    report = ProgressReport.objects.get_visible_or_404(request.auth, pk=progress_report_id)
    return services.review_progress(actor=request.auth, report=report, accept=True, comment=payload.comment)


@router.post("/progress/{progress_report_id}/return", response=ReportOut, summary="退回进度报告（须填写意见）")
def tasks_return_progress(request, progress_report_id: int, payload: ReviewIn):
    require_writer(request.auth)
    report = ProgressReport.objects.get_visible_or_404(request.auth, pk=progress_report_id)
    return services.review_progress(actor=request.auth, report=report, accept=False, comment=payload.comment)
