"""The leaders' dashboard: key figures with their change, a monthly trend, counties and departments
compared, alerts — each number a link to the records it counts — and every table as Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from fazhi.core.listing import Column, export_xlsx
from fazhi.dashboard import selectors
from fazhi.dashboard.forms import DashboardForm

KEY_COLUMNS = [
    Column(_("指标"), lambda k: k.current.label),
    Column(_("本期"), lambda k: k.current.display),
    Column(_("上期"), lambda k: k.previous.display),
    Column(_("变化"), lambda k: k.change_text),
    Column(_("计量单位"), lambda k: str(k.figure.measure)),
    Column(_("口径"), lambda k: str(k.figure.definition)),
    Column(_("指标键"), lambda k: k.figure.key),
]
TREND_COLUMNS = [
    Column(_("月份"), lambda p: p.label),
    Column(_("数值"), lambda p: p.value.display),
]
COMPARE_COLUMNS = [
    Column(_("名称"), lambda r: r.name),
    Column(_("类别"), lambda r: gettext("区划") if r.kind == "region" else gettext("部门")),
    Column(_("数值"), lambda r: r.value.display),
]


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardForm.from_query(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "dashboard/dashboard.html", {"form": form}, status=400)
    region, period = form.cleaned_data["region"], form.chosen_period
    trend_figure, compare_figure = form.figure("trend"), form.figure("compare")
    keys = selectors.key_panel(request.user, region, period)
    points = selectors.trend(request.user, region, period.year, trend_figure.key)
    rows = (selectors.comparison(request.user, region, period, compare_figure.key, form.cleaned_data["sort"])
            if region is not None else [])
    title = f"{region.name if region else ''}{period.label}"
    export = request.GET.get("export")
    if export == "keys":
        return export_xlsx(keys, KEY_COLUMNS, gettext("关键指标") + title)
    if export == "trend":
        return export_xlsx(points, TREND_COLUMNS, f"{trend_figure.label}{period.year}")
    if export == "compare":
        return export_xlsx(rows, COMPARE_COLUMNS, f"{compare_figure.label}{title}")
    alerts, warning = selectors.alerts(request.user, region)
    query = request.GET.copy()
    query.pop("export", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(request, "dashboard/dashboard.html", {
        "form": form, "region": region, "period": period, "previous": period.previous(),
        "keys": keys, "trend_figure": trend_figure, "points": points,
        "compare_figure": compare_figure, "rows": rows, "alerts": alerts, "alert_warning": warning,
        "query": query.urlencode(), "sort_query": sort_query.urlencode(), "sort": form.cleaned_data["sort"],
        "trend_data": {"labels": [p.label for p in points], "values": [_chart_number(p.value) for p in points],
                       "urls": [p.url for p in points], "name": str(trend_figure.label)},
        "compare_data": {"labels": [r.name for r in rows], "values": [r.number for r in rows],
                         "urls": [r.url for r in rows], "name": str(compare_figure.label),
                         "percent": compare_figure.is_rate},
    })


def _chart_number(value) -> float | None:
    if value.value is None:
        return None
    return float(value.percent) if value.percent is not None else float(value.value)
