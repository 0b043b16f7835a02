"""API of the procedure engine (/api/v1/procedures/): deadlines, notifications, rules, transitions."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.calendar import service as calendar
from fazhi.calendar.service import NoHolidayData
from fazhi.core.access import VIEW, require_writer
from fazhi.procedures import clock, services
from fazhi.procedures.engine import get_procedure
from fazhi.procedures.filters import DeadlineFilter
from fazhi.procedures.models import Deadline, DeadlineStatus, Notification, TimeLimitRule
from fazhi.procedures.selectors import visible_deadlines

router = Router(tags=["procedures"])


class DeadlineOut(Schema):
    id: int
    key: str
    label: str
    record_type: str
    record_id: int = Field(..., alias="object_id")
    record: str
    unit_id: int
    unit: str
    started_on: datetime.date
    due_on: datetime.date
    n: int
    day_unit: str
    basis: str
    stopped_on: datetime.date | None
    status: str
    status_label: str
    working_days_left: int | None
    calendar_warning: str

    @staticmethod
    def resolve_record_type(obj: Deadline) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_record(obj: Deadline) -> str:
        return obj.record_repr

    @staticmethod
    def resolve_unit(obj: Deadline) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_working_days_left(obj: Deadline) -> int | None:
        return None if obj.stopped_on else obj.working_days_left(clock.today())

    @staticmethod
    def resolve_calendar_warning(obj: Deadline) -> str:
        if obj.stopped_on:
            return ""
        try:
            calendar.working_days_left(obj.due_on, clock.today())
        except NoHolidayData as exc:
            return str(exc.message)
        return ""


@router.get("/deadlines", response=list[DeadlineOut],
            summary="可见的办理期限（默认只列进行中的期限，按届满日；status=stopped 列已结束的期限）")
@paginate(PageNumberPagination, page_size=50)
def list_deadlines(request, status: DeadlineStatus | None = None, unit: int | None = None,
                   key: str | None = None):
    data = {k: v for k, v in {"status": status.value if status else None, "unit": unit, "key": key}.items()
            if v is not None}
    today = clock.today()
    filterset = DeadlineFilter(data, visible_deadlines(request.auth, today), user=request.auth, today=today)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


@router.get("/notifications", response=list[NotificationOut], summary="我的站内通知（最新在前）")
@paginate(PageNumberPagination, page_size=50)
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.for_user(request.auth)
    return qs.unread() if unread else qs


@router.post("/notifications/{notification_id}/read", response=NotificationOut, summary="标记一条通知为已读")
def read_notification(request, notification_id: int):
    qs = Notification.objects.for_user(request.auth)
    if not qs.filter(pk=notification_id).exists():
        raise Http404
    services.mark_read(user=request.auth, ids=[notification_id])
    return qs.get(pk=notification_id)


class RuleOut(Schema):
    key: str
    label: str
    n: int
    day_unit: str
    basis: str
    region: str | None
    note: str

    @staticmethod
    def resolve_region(obj: TimeLimitRule) -> str | None:
        return obj.region_id


@router.get("/rules", response=list[RuleOut], summary="期限规则（默认与各区划覆盖）")
def list_rules(request):
    return TimeLimitRule.objects.order_by("key", "region_id")


class TransitionIn(Schema):
    record_type: str  # "app_label.model", e.g. "rulemaking.normativedocument"
    record_id: int
    transition: str
    comment: str = ""


class TransitionOut(Schema):
    id: int
    transition: str
    transition_label: str
    from_state: str
    to_state: str
    to_label: str
    at: datetime.datetime


@router.post("/transitions", response=TransitionOut, summary="执行办理操作（不满足条件时 422 并列出全部原因）")
def take_transition(request, payload: TransitionIn):
    require_writer(request.auth)
    try:
        model = get_procedure(payload.record_type).model_class
    except LookupError:
        raise Http404 from None
    record = model.objects.get_visible_or_404(request.auth, VIEW, pk=payload.record_id)
    return services.transition(actor=request.auth, record=record, name=payload.transition,
                               comment=payload.comment)
