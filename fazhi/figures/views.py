"""Staff pages: the figure table for a region and period, its drill-down, and its Excel export."""

from __future__ import annotations

import io
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fazhi.core.access import is_unrestricted
from fazhi.figures import registry
from fazhi.figures.forms import CutForm

RECORDS_PAGE_SIZE = 50


def _context(form: CutForm, values: list[registry.FigureValue]) -> dict[str, Any]:
    return {
        "form": form,
        "groups": registry.grouped(values),
        "query": form.query_string(),
        "region": form.cleaned_data.get("region"),
        "unit": form.cleaned_data.get("unit"),
        "start": form.cleaned_data.get("start"),
        "end": form.cleaned_data.get("end"),
        "restricted": not is_unrestricted(form.user),
    }


@require_GET
@login_required
def figure_list(request):
    form = CutForm.from_query(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "figures/list.html", {"form": form, "groups": []}, status=400)
    values = registry.compute_many(user=request.user, **form.cut())
    return render(request, "figures/list.html", _context(form, values))


@require_GET
@login_required
def figure_records(request, key: str):
    try:
        figure = registry.get(key)
    except registry.UnknownFigure:
        raise Http404 from None
    form = CutForm.from_query(request.GET, user=request.user)
    part = request.GET.get("part") or None
    if part and (not figure.is_rate or part not in registry.Part.values):
        raise Http404
    if not form.is_valid():
        return render(request, "figures/records.html", {"form": form, "figure": figure}, status=400)
    cut = form.cut()
    value = registry.compute(figure, user=request.user, **cut)
    qs = registry.records(figure, user=request.user, part=part, **cut)
    related = _related_paths(qs.model)
    if related:
        qs = qs.select_related(*related)
    page = Paginator(qs, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(obj) for obj in page.object_list]
    return render(request, "figures/records.html", {
        "form": form, "figure": figure, "value": value, "page": page, "rows": rows, "part": part,
        "query": form.query_string(), "model_name": qs.model._meta.verbose_name,
        "page_query": form.query_string() + (f"&part={part}" if part else ""),
        "show_unit": bool(getattr(qs.model, "access_anchor", None)),
        "parts": registry.Part.choices if figure.is_rate else [],
    })


def _related_paths(model) -> list[str]:
    """Load each record's unit and region in the same query as the page (no N+1)."""
    if model._meta.label == "core.Region":
        return ["parent"]
    anchor = getattr(model, "access_anchor", None)
    if anchor is None:
        return []
    return ["region"] if anchor == "" else [anchor, f"{anchor}__region"]


def _row(obj) -> dict[str, Any]:
    anchor = getattr(type(obj), "access_anchor", None)
    unit = region = None
    if obj._meta.label == "core.Region":
        region = obj.parent  # the region a region belongs to
    elif anchor == "":
        region = obj.region
    elif anchor:
        unit = obj
        for name in anchor.split("__"):
            unit = getattr(unit, name, None) if unit is not None else None
        region = unit.region if unit is not None else None
    return {"obj": obj, "url": registry.record_url(obj), "unit": unit, "region": region}


@require_GET
@login_required
def figure_export(request):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    form = CutForm.from_query(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "figures/list.html", {"form": form, "groups": []}, status=400)
    cut = form.cut()
    values = registry.compute_many(user=request.user, **cut)

    wb = Workbook()
    ws = wb.active
    ws.title = gettext("统计指标")
    region = cut["region"]
    ws.append([gettext("统计指标")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([gettext("区划"), f"{region.name}（{region.code}）" if region else gettext("全部（我可查看的范围）")])
    ws.append([gettext("统计期间"), f"{cut['start'] or '—'} 至 {cut['end'] or '—'}"])
    ws.append([gettext("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    if not is_unrestricted(request.user):
        ws.append([gettext("说明"), gettext("数值仅包含您有权查看的记录。")])
    ws.append([])
    header = [gettext("模块"), gettext("指标"), gettext("数值"), gettext("分子"), gettext("分母"),
              gettext("计量单位"), gettext("类型"), gettext("口径"), gettext("统计期间说明"),
              gettext("依据"), gettext("说明"), gettext("指标键")]
    ws.append(header)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for module, items in registry.grouped(values):
        for v in items:
            f = v.figure
            ws.append([module, v.label, _cell_value(v), v.numerator, v.denominator, str(f.measure),
                       f.kind_label, str(f.definition), f.period_text, str(f.source),
                       v.reason, f.key])
            if v.value is not None and registry.Kind(f.kind) in registry.RATE_KINDS | {registry.Kind.REDUCTION}:
                ws.cell(row=ws.max_row, column=3).number_format = "0.00%"
    for column, width in zip("ABCDEFGHIJKL", (12, 28, 12, 10, 10, 8, 8, 50, 30, 40, 16, 34), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row[7:10]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)

    out = io.BytesIO()
    wb.save(out)
    name = "figures-{}-{}-{}.xlsx".format(region.code if region else "all", cut["start"] or "", cut["end"] or "")
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cell_value(v: registry.FigureValue):
    """Numbers as numbers (rates as fractions formatted 0.00%), so the sheet can be recalculated."""
    if v.value is None:
        return None
    if v.figure.is_rate or v.figure.kind == registry.Kind.REDUCTION:
        return float(v.value)
    return registry.json_number(v.value)


# -- what every figure means (public: readers of a published report check its numbers here) --

def _import_kinds_by_model() -> dict[str, list[str]]:
    """Model label → the import kinds whose rows become records of that model."""
    from fazhi.imports.registry import kinds

    out: dict[str, list[str]] = {}
    for kind in kinds():
        meta = getattr(kind.form_class, "_meta", None)
        model = getattr(meta, "model", None)
        if model is not None:
            out.setdefault(model._meta.label, []).append(str(kind.label))
    return out


@require_GET
def figure_definitions(request):
    by_model = _import_kinds_by_model()
    dimension_names = {"region": gettext("区划"), "unit": gettext("单位"), "period": gettext("期间")}
    groups: dict[str, list[dict[str, Any]]] = {}
    for figure in registry.figures():
        model = figure.model_class
        entry = {
            "figure": figure, "module": registry.module_title(figure.module_label),
            "records": model._meta.verbose_name, "app": apps.get_app_config(model._meta.app_label).verbose_name,
            "imports": by_model.get(model._meta.label, []),
            "dimensions": "、".join(str(dimension_names[d]) for d in figure.dimensions) or gettext("无"),
        }
        groups.setdefault(entry["module"], []).append(entry)
    return render(request, "figures/definitions.html", {"groups": list(groups.items()),
                                                        "count": sum(len(g) for g in groups.values())})
