"""GET /api/v1/figures/ (computed figures) and GET /api/v1/figures/{key}/records (drill-down)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.models import Region, Unit
from fazhi.figures import registry

router = Router(tags=["统计指标"])


class FigureOut(Schema):
    key: str
    label: str
    module: str
    kind: str = Field(description="count | sum | rate | coverage | reduction")
    value: int | float | None = Field(description="比率、覆盖率、降幅为小数（0.9731 即 97.31%）；无法计算时为 null")
    numerator: int | None = None
    denominator: int | None = None
    before: int | float | None = None
    after: int | float | None = None
    reason: str | None = Field(None, description="value 为 null 的原因，如“分母为零”")
    display: str
    measure: str
    definition: str
    source: str
    period_note: str
    point_in_time: bool
    dimensions: list[str]
    region: str | None
    region_name: str | None
    unit: int | None
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None


class RecordOut(Schema):
    id: str
    label: str
    url: str | None
    model: str

    @staticmethod
    def resolve_id(obj: Any) -> str:
        return str(obj.pk)

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_url(obj: Any) -> str | None:
        return registry.record_url(obj) or None

    @staticmethod
    def resolve_model(obj: Any) -> str:
        return obj._meta.label_lower


class CutQuery(Schema):
    region: str | None = Field(None, description="区划代码（含下级）；省略为可查看的全部范围")
    unit: int | None = Field(None, description="单位编号（含下属单位）")
    start: dt.date | None = Field(None, alias="from", description="开始日期（含）；起止都省略时为本年")
    end: dt.date | None = Field(None, alias="to", description="结束日期（含）")


class ListQuery(CutQuery):
    key: str | None = Field(None, description="只返回键以此开头的指标，如 tree.units")


class RecordsQuery(CutQuery):
    part: registry.Part | None = Field(None, description="比率、覆盖率指标：numerator 分子 / denominator 分母（默认）")


def _cut(request, q: CutQuery) -> dict[str, Any]:
    start, end = q.start, q.end
    if start is None and end is None:
        start, end = registry.this_year()
    if start and end and start > end:
        raise ValidationError({"to": ["结束日期不能早于开始日期。"]})
    try:
        region = registry.resolve_region(request.user, q.region)
        unit = registry.resolve_unit(request.user, q.unit)
    except (Region.DoesNotExist, Unit.DoesNotExist):
        raise Http404 from None  # missing and not visible read the same
    return {"region": region, "unit": unit, "start": start, "end": end}


@router.get("/", response=list[FigureOut], by_alias=True, url_name="figures", summary="计算统计指标")
def list_figures(request, q: Query[ListQuery]):
    cut = _cut(request, q)
    selected = registry.figures(prefix=q.key)
    return [v.as_dict() for v in registry.compute_many(selected, user=request.user, **cut)]


@router.get("/{key}/records", response=list[RecordOut], url_name="figure_records",
            summary="指标统计的记录（下钻）")
@paginate(PageNumberPagination, page_size=50)
def figure_records(request, key: str, q: Query[RecordsQuery], **kwargs):
    try:
        figure = registry.get(key)
    except registry.UnknownFigure:
        raise Http404 from None
    if q.part and not figure.is_rate:
        raise ValidationError({"part": ["只有比率、覆盖率指标才区分分子和分母。"]})
    cut = _cut(request, q)
    return registry.records(figure, user=request.user, part=q.part, **cut)
