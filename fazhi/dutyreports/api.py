"""API of duty reports (/api/v1/dutyreports/): reports with their scores, creation, scoring. The steps
(述法, 书记点评, 评分结束, 公布) go through the engine's POST /api/v1/procedures/transitions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.models import Unit
from fazhi.dutyreports import selectors, services
from fazhi.dutyreports.filters import ReportFilter
from fazhi.dutyreports.models import DutyReport, DutyReportSchedule, Mode, Score

router = Router(tags=["dutyreports"])


class ScoreOut(Schema):
    id: int
    reviewer_id: int
    reviewer: str
    score: int
    comment: str

    @staticmethod
    def resolve_reviewer(obj: Score) -> str:
        return str(obj.reviewer)


class ReportOut(Schema):
    id: int
    schedule_id: int
    year: int
    leader_name: str
    leader_post: str
    leader_unit_id: int
    leader_unit: str
    mode: str
    mode_label: str
    scheduled_on: datetime.date
    report_text: str
    secretary_comment: str
    state: str
    state_label: str
    score: Decimal | None
    grade: str | None
    live_score: float | None
    score_count: int
    published_on: datetime.date | None

    @staticmethod
    def resolve_year(obj: DutyReport) -> int:
        return obj.schedule.year

    @staticmethod
    def resolve_leader_unit(obj: DutyReport) -> str:
        return obj.leader_unit.name

    @staticmethod
    def resolve_mode_label(obj: DutyReport) -> str:
        return str(obj.get_mode_display())

    @staticmethod
    def resolve_state_label(obj: DutyReport) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_grade(obj: DutyReport) -> str | None:
        return str(obj.grade.label) if obj.grade else None


class ReportIn(Schema):
    schedule_id: int
    leader_name: str
    leader_post: str
    leader_unit_id: int
    mode: Mode = Mode.ON_SITE
    scheduled_on: datetime.date
    report_text: str = ""


class ScoreIn(Schema):
    score: int
    comment: str = ""


def _reports(user):
    return selectors.with_live_score(DutyReport.objects.visible_to(user).select_related("schedule", "leader_unit"))


@router.get("/reports", response=list[ReportOut], summary="可见的述法")
@paginate(PageNumberPagination, page_size=50)
def dutyreports_list_reports(request, q: str | None = None, year: int | None = None, state: str | None = None,
                 mode: str | None = None, leader_unit: int | None = None, schedule: int | None = None):
    data = {"q": q, "year": year, "state": state, "mode": mode, "leader_unit": leader_unit, "schedule": schedule}
    filterset = ReportFilter({k: v for k, v in data.items() if v is not None}, _reports(request.auth),
                             user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs.order_by("scheduled_on", "pk")


@router.get("/reports/{report_id}", response=ReportOut, summary="述法详情")
def dutyreports_get_report(request, report_id: int):
    return _reports(request.auth).get_visible_or_404(request.auth, pk=report_id)


@router.get("/reports/{report_id}/scores", response=list[ScoreOut], summary="述法的评议评分")
def dutyreports_list_scores(request, report_id: int):
    report = DutyReport.objects.get_visible_or_404(request.auth, pk=report_id)
    return list(Score.objects.visible_to(request.auth).filter(report=report).select_related("reviewer"))


@router.post("/reports", response={201: ReportOut}, summary="安排述法")
def dutyreports_create_report(request, payload: ReportIn):
    require_writer(request.auth)
    schedule = DutyReportSchedule.objects.visible_to(request.auth, CHANGE).filter(pk=payload.schedule_id).first()
    unit = Unit.objects.visible_to(request.auth).filter(pk=payload.leader_unit_id).first()
    if schedule is None or unit is None:
        raise Http404
    report = services.create_report(actor=request.auth, schedule=schedule, leader_name=payload.leader_name,
                                    leader_post=payload.leader_post, leader_unit=unit, mode=Mode(payload.mode).value,
                                    scheduled_on=payload.scheduled_on, report_text=payload.report_text)
    return Status(201, _reports(request.auth).get(pk=report.pk))


@router.post("/reports/{report_id}/scores", response={201: ScoreOut}, summary="评议评分（每位评议人一次，0–100分）")
def dutyreports_add_score(request, report_id: int, payload: ScoreIn):
    require_writer(request.auth)
    report = DutyReport.objects.get_visible_or_404(request.auth, pk=report_id)
    return Status(201, services.add_score(actor=request.auth, report=report, score=payload.score,
                                         comment=payload.comment))
