"""Staff pages of annual reports, their exports, and the portal list of published reports."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.reports import content, export, services
from fazhi.reports.filters import ReportFilter
from fazhi.reports.forms import ReportForm, TextsForm
from fazhi.reports.models import AnnualReport, ReportState, ReportVersion

COLUMNS = [
    Column(_("报告标题"), lambda r: str(r), "title"),
    Column(_("报告年度"), lambda r: r.year, "year"),
    Column(_("报告单位"), lambda r: r.unit.name, "unit__name"),
    Column(_("状态"), lambda r: r.get_state_display(), "state"),
    Column(_("报送日期"), lambda r: r.submitted_on, "submitted_on"),
    Column(_("公开日期"), lambda r: r.published_on, "published_on"),
    Column(_("更新时间"), lambda r: r.updated_at, "updated_at"),
]
FORMATS = {"docx": (export.docx_bytes, export.DOCX_MEDIA), "pdf": (export.pdf_bytes, export.PDF_MEDIA)}


def _file(request: HttpRequest, report: AnnualReport, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    write, media = FORMATS[fmt]
    # One read of the row: its snapshot is whole even if a refresh commits meanwhile.
    data = write(content.document_of(report), base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(data, content_type=media)
    name = f"annual-report-{report.region.code}-{report.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    qs = AnnualReport.objects.visible_to(request.user).select_related("unit")
    ctx = listing.build(request, qs, functools.partial(ReportFilter, user=request.user), COLUMNS, "-year")
    title = gettext("法治政府建设年度报告")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], COLUMNS, title)
    ctx.update(title=title, create_url="reports:create", can_create=services.writable_units(request.user).exists())
    return render(request, "fazhi/list.html", ctx)


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    if not services.writable_units(request.user).exists():
        raise Http404
    form = ReportForm(request.POST or None, user=request.user, instance=AnnualReport())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.create_report(actor=request.user, unit=data["unit"], year=data["year"],
                                            title=data.get("title") or "")
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已生成年度报告初稿“%(name)s”。") % {"name": str(report)[:60]})
            return redirect(report)
    return render(request, "fazhi/form.html", {"form": form, "title": gettext("新建年度报告"), "cancel": None})


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = AnnualReport.objects.select_related("unit", "region").get_visible_or_404(request.user, pk=pk)
    can_change = AnnualReport.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    doc = content.document_of(report)
    press_html, press_figures = content.linked_press_release(doc, report.press_release)
    return render(request, "reports/report_detail.html", {
        "report": report, "doc": doc, "press_html": press_html, "press_figures": press_figures,
        "versions": ReportVersion.objects.filter(report=report).select_related("saved_by")[:20],
        "can_edit": can_change and report.state == ReportState.DRAFTING, "can_change": can_change,
    })


@login_required
@require_safe
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A saved version as it was: its texts and the figure values it was saved with."""
    report = AnnualReport.objects.select_related("unit", "region").get_visible_or_404(request.user, pk=pk)
    version = get_object_or_404(ReportVersion.objects.select_related("saved_by"), report=report, number=number)
    doc = content.build(title=version.title or str(report), unit_name=report.unit.name,
                        region_name=report.region.name, region_code=report.region.code, year=report.year,
                        figures=version.figures, narratives=version.narratives, computed_at=version.figures_at)
    press_html, press_figures = content.linked_press_release(doc, version.press_release)
    return render(request, "reports/version_detail.html", {
        "report": report, "version": version, "doc": doc, "press_html": press_html, "press_figures": press_figures})


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    report = AnnualReport.objects.select_related("unit").get_visible_or_404(request.user, CHANGE, pk=pk)
    form = TextsForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_texts(actor=request.user, report=report, title=form.cleaned_data["title"],
                                narratives=form.narratives(), press_release=form.cleaned_data["press_release"])
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已保存报告文字。"))
            return redirect(report)
    return render(request, "fazhi/form.html", {"form": form, "title": gettext("编辑年度报告"), "cancel": report})


def _action(request: HttpRequest, pk: int, run, done: str) -> HttpResponse:
    require_writer(request.user)
    report = AnnualReport.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    try:
        run(report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(report)


@login_required
@require_POST
def report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda r: services.refresh_figures(actor=request.user, report=r),
                   gettext("已重新计算指标。"))


@login_required
@require_POST
def report_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda r: services.save_version(actor=request.user, report=r,
                                                                note=request.POST.get("note", "")),
                   gettext("已保存新版本。"))


@login_required
@require_POST
def report_press(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda r: services.generate_press_release(actor=request.user, report=r),
                   gettext("已生成新闻通稿初稿，请修改后使用。"))


@login_required
@require_safe
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = AnnualReport.objects.select_related("unit", "region").get_visible_or_404(request.user, pk=pk)
    return _file(request, report, fmt)


# ---- the public portal -------------------------------------------------------------------------------


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    reports = (AnnualReport.objects.filter(state=ReportState.PUBLISHED).select_related("unit", "region")
               .order_by("-year", "region__code", "unit__name"))
    return render(request, "reports/public_list.html", {"reports": reports})


@require_safe
def public_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = AnnualReport.objects.select_related("unit", "region").filter(
        state=ReportState.PUBLISHED, pk=pk).first()
    if report is None:
        raise Http404
    return _file(request, report, fmt)
