"""API of meetings (/api/v1/meetings/): meetings with topics and decisions; decisions turned into tasks."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.models import Unit
from fazhi.meetings import services
from fazhi.meetings.filters import MeetingFilter
from fazhi.meetings.models import Decision, Meeting, MeetingKind

router = Router(tags=["meetings"])


class TopicOut(Schema):
    id: int
    title: str
    rule_of_law: bool


class DecisionOut(Schema):
    id: int
    meeting_id: int
    text: str
    responsible_unit_id: int
    responsible_unit: str
    due_on: datetime.date | None
    task_id: int | None

    @staticmethod
    def resolve_responsible_unit(obj: Decision) -> str:
        return obj.responsible_unit.name

    @staticmethod
    def resolve_task_id(obj: Decision) -> int | None:
        return getattr(obj, "task_id", None)


class MeetingOut(Schema):
    id: int
    unit_id: int
    unit: str
    kind: str
    kind_label: str
    title: str
    held_on: datetime.date
    place: str
    chair: str
    attendees: str
    state: str
    topics: list[TopicOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_unit(obj: Meeting) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_kind_label(obj: Meeting) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_topics(obj: Meeting) -> list:
        return list(obj.topics.all())

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list:
        return list(obj.decisions.all())


class TopicIn(Schema):
    title: str
    rule_of_law: bool = True


class DecisionIn(Schema):
    text: str
    responsible_unit_id: int
    due_on: datetime.date | None = None


class MeetingIn(Schema):
    unit_id: int
    kind: MeetingKind
    title: str
    held_on: datetime.date
    place: str = ""
    chair: str = ""
    attendees: str = ""
    topics: list[TopicIn] = []
    decisions: list[DecisionIn] = []


class TaskIn(Schema):
    plan_id: int
    deliverable: str = ""


def _meetings(user):
    return (Meeting.objects.visible_to(user).select_related("unit")
            .prefetch_related("topics", "decisions__responsible_unit"))


def _unit(user, unit_id: int) -> Unit:
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


@router.get("/meetings", response=list[MeetingOut], summary="可见的会议（含议题和决定事项）")
@paginate(PageNumberPagination, page_size=50)
def meetings_list_meetings(request, q: str | None = None, kind: str | None = None, year: int | None = None,
                  state: str | None = None, rule_of_law: bool | None = None, unit: int | None = None):
    data = {"q": q, "kind": kind, "year": year, "state": state, "unit": unit,
            "rule_of_law": None if rule_of_law is None else str(rule_of_law).lower()}
    filterset = MeetingFilter({k: v for k, v in data.items() if v is not None}, _meetings(request.auth),
                              user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs.order_by("-held_on", "-pk")


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="会议详情")
def meetings_get_meeting(request, meeting_id: int):
    return _meetings(request.auth).get_visible_or_404(request.auth, pk=meeting_id)


@router.post("/meetings", response={201: MeetingOut}, summary="登记会议及其议题、决定事项")
def meetings_create_meeting(request, payload: MeetingIn):
    require_writer(request.auth)
    unit = services.writable_units(request.auth).filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    decisions = [{"text": d.text, "responsible_unit": _unit(request.auth, d.responsible_unit_id),
                  "due_on": d.due_on} for d in payload.decisions]
    meeting = services.create_meeting(
        actor=request.auth, unit=unit, kind=MeetingKind(payload.kind).value, title=payload.title,
        held_on=payload.held_on, place=payload.place, chair=payload.chair, attendees=payload.attendees,
        topics=[t.dict() for t in payload.topics], decisions=decisions)
    return Status(201, _meetings(request.auth).get(pk=meeting.pk))


@router.post("/meetings/{meeting_id}/decisions", response={201: DecisionOut}, summary="添加决定事项")
def meetings_add_decision(request, meeting_id: int, payload: DecisionIn):
    require_writer(request.auth)
    meeting = Meeting.objects.get_visible_or_404(request.auth, CHANGE, pk=meeting_id)
    decision = services.add_decision(actor=request.auth, meeting=meeting, text=payload.text,
                                     responsible_unit=_unit(request.auth, payload.responsible_unit_id),
                                     due_on=payload.due_on)
    return Status(201, decision)


@router.post("/decisions/{decision_id}/task", response={201: DecisionOut}, summary="将决定事项转为任务")
def meetings_decision_task(request, decision_id: int, payload: TaskIn):
    require_writer(request.auth)
    decision = Decision.objects.get_visible_or_404(request.auth, CHANGE, pk=decision_id)
    if not services.tasks_installed():
        raise ValidationError(gettext("任务分解模块未启用，不能将决定事项转为任务。"))
    plan = apps.get_model("tasks", "Plan").objects.visible_to(request.auth, CHANGE).filter(
        pk=payload.plan_id).first()
    if plan is None:
        raise Http404
    services.make_task(actor=request.auth, decision=decision, plan=plan, deliverable=payload.deliverable)
    decision.refresh_from_db()
    return Status(201, decision)
