"""API of annual reports (/api/v1/reports/): list, detail with the generated parts, create, edit the
texts, save a version, recompute figures, take a procedure step."""

import datetime

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.models import Unit
from fazhi.reports import content, services
from fazhi.reports.filters import ReportFilter
from fazhi.reports.models import AnnualReport

router = Router(tags=["reports"])


class ReportOut(Schema):
    id: int
    title: str
    unit_id: int
    unit: str
    region_code: str
    year: int
    state: str
    state_label: str
    submitted_on: datetime.date | None
    published_on: datetime.date | None
    figures_at: datetime.datetime | None

    @staticmethod
    def resolve_title(obj: AnnualReport) -> str:
        return str(obj)

    @staticmethod
    def resolve_unit(obj: AnnualReport) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_region_code(obj: AnnualReport) -> str:
        return obj.region_id

    @staticmethod
    def resolve_state_label(obj: AnnualReport) -> str:
        return str(obj.get_state_display())


class FigureRowOut(Schema):
    key: str
    label: str
    display: str
    definition_url: str
    records_url: str


class PartOut(Schema):
    key: str
    title: str
    narrative: str
    sentences: list[str]
    figures: list[FigureRowOut]


class ReportDetailOut(ReportOut):
    parts: list[PartOut]
    press_release: str

    @staticmethod
    def resolve_parts(obj: AnnualReport) -> list[dict]:
        doc = content.document_of(obj)
        return [{"key": p.key, "title": p.title, "narrative": p.narrative,
                 "sentences": [g.sentence for g in p.groups],
                 "figures": [vars(r) for g in p.groups for r in g.rows]} for p in doc.parts]


class ReportIn(Schema):
    unit_id: int
    year: int
    title: str = ""


class TextsIn(Schema):
    title: str | None = None
    narratives: dict[str, str] | None = None
    press_release: str | None = None


class VersionIn(Schema):
    note: str = ""


class VersionOut(Schema):
    id: int
    number: int
    note: str
    saved_at: datetime.datetime


class StepIn(Schema):
    name: str
    comment: str = ""
    on: datetime.date | None = None


def _reports(user):
    return AnnualReport.objects.visible_to(user).select_related("unit", "region")


def _changeable(user, report_id: int) -> AnnualReport:
    require_writer(user)
    return AnnualReport.objects.select_related("unit", "region").get_visible_or_404(user, CHANGE, pk=report_id)


@router.get("/annual", response=list[ReportOut], summary="可见的年度报告")
@paginate(PageNumberPagination, page_size=50)
def reports_list(request, q: str | None = None, year: int | None = None, state: str | None = None,
                 unit: int | None = None):
    from django.core.exceptions import ValidationError

    data = {k: v for k, v in {"q": q, "year": year, "state": state, "unit": unit}.items() if v is not None}
    filterset = ReportFilter(data, _reports(request.auth), user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs.order_by("-year", "pk")


@router.get("/annual/{report_id}", response=ReportDetailOut, summary="年度报告详情（五个部分、指标及其口径和记录链接）")
def reports_get(request, report_id: int):
    return _reports(request.auth).get_visible_or_404(request.auth, pk=report_id)


@router.post("/annual", response={201: ReportDetailOut}, summary="生成年度报告初稿")
def reports_create(request, payload: ReportIn):
    require_writer(request.auth)
    unit = Unit.objects.visible_to(request.auth).filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    return Status(201, services.create_report(actor=request.auth, unit=unit, year=payload.year, title=payload.title))


@router.patch("/annual/{report_id}", response=ReportDetailOut, summary="修改年度报告文字")
def reports_update_texts(request, report_id: int, payload: TextsIn):
    report = _changeable(request.auth, report_id)
    return services.save_texts(actor=request.auth, report=report, **payload.dict())


@router.post("/annual/{report_id}/versions", response={201: VersionOut}, summary="保存年度报告版本")
def reports_save_version(request, report_id: int, payload: VersionIn):
    report = _changeable(request.auth, report_id)
    return Status(201, services.save_version(actor=request.auth, report=report, note=payload.note))


@router.post("/annual/{report_id}/refresh", response=ReportDetailOut, summary="重新计算年度报告指标")
def reports_refresh(request, report_id: int):
    report = _changeable(request.auth, report_id)
    return services.refresh_figures(actor=request.auth, report=report)


@router.post("/annual/{report_id}/steps", response=ReportOut, summary="年度报告办理操作（报送、退回修改、公开）")
def reports_step(request, report_id: int, payload: StepIn):
    report = _reports(request.auth).get_visible_or_404(request.auth, pk=report_id)
    services.take_step(actor=request.auth, report=report, name=payload.name, comment=payload.comment, on=payload.on)
    report.refresh_from_db()
    return report
