"""Staff pages of inspections: inspections, findings, the rectification ledger, interference records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.calendar.service import NoHolidayData, working_days_left
from fazhi.core import pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.inspections import services
from fazhi.inspections.filters import FindingFilter, InspectionFilter, InterferenceFilter, ItemFilter
from fazhi.inspections.forms import (
    EscalationForm,
    EvidenceForm,
    FindingForm,
    InspectionForm,
    InterferenceForm,
    ItemForm,
)
from fazhi.inspections.models import (
    Escalation,
    Finding,
    Inspection,
    InterferenceRecord,
    ItemState,
    RectificationItem,
    Source,
)
from fazhi.procedures import clock
from fazhi.procedures.engine import get_procedure
from fazhi.procedures.models import Attachment

INSPECTION_COLUMNS = [
    Column(_("督察名称"), lambda i: i.title, "title"),
    Column(_("督察层级"), lambda i: i.get_level_display(), "level"),
    Column(_("组织单位"), lambda i: i.organizer.name, "organizer__name"),
    Column(_("开始日期"), lambda i: i.start_on, "start_on"),
    Column(_("结束日期"), lambda i: i.end_on, "end_on"),
    Column(_("督察方式"), lambda i: "、".join(i.method_labels())),
    Column(_("发现问题数"), lambda i: i.finding_count, "finding_count"),
]
FINDING_COLUMNS = [
    Column(_("问题描述"), lambda f: pages.excerpt(f.description)),
    Column(_("问题类别"), lambda f: f.get_category_display(), "category"),
    Column(_("问题所在单位"), lambda f: f.unit.name, "unit__name"),
    Column(_("问题来源"), lambda f: f.get_source_display(), "source"),
    Column(_("督察"), lambda f: f.origin),
    Column(_("发现（反馈）日期"), lambda f: f.found_on, "found_on"),
    Column(_("整改要求数"), lambda f: f.item_count, "item_count"),
]
# The ledger as offices send it upward: every column of the 整改任务清单.
ITEM_COLUMNS = [
    Column(_("整改要求"), lambda i: pages.excerpt(i.requirement, 60)),
    Column(_("存在问题"), lambda i: pages.excerpt(i.finding.description, 60)),
    Column(_("问题类别"), lambda i: i.finding.get_category_display(), "finding__category"),
    Column(_("督察"), lambda i: i.finding.origin),
    Column(_("整改措施"), lambda i: pages.excerpt(i.measures, 60)),
    Column(_("责任单位"), lambda i: i.responsible_unit.name, "responsible_unit__name"),
    Column(_("责任领导"), lambda i: i.responsible_leader, "responsible_leader"),
    Column(_("整改时限"), lambda i: i.due_on, "due_on"),
    Column(_("状态"), lambda i: i.get_state_display(), "state"),
    Column(_("逾期天数"), lambda i: i.days_overdue() or ""),
    Column(_("督办升级"), lambda i: i.get_escalation_display() if i.escalation else "", "escalation"),
    Column(_("销号日期"), lambda i: i.closed_on, "closed_on"),
]
# The export is the 整改任务清单 sent upward: full texts, not the page's excerpts.
ITEM_EXPORT_COLUMNS = [
    Column(_("序号"), lambda i: i.pk),
    Column(_("问题来源"), lambda i: i.finding.get_source_display()),
    Column(_("督察"), lambda i: i.finding.origin),
    Column(_("反馈文件（文号）"), lambda i: i.finding.higher_document),
    Column(_("问题类别"), lambda i: i.finding.get_category_display()),
    Column(_("存在问题"), lambda i: i.finding.description),
    Column(_("整改要求"), lambda i: i.requirement),
    Column(_("整改措施"), lambda i: i.measures),
    Column(_("责任单位"), lambda i: i.responsible_unit.name),
    Column(_("责任领导"), lambda i: i.responsible_leader),
    Column(_("交办日期"), lambda i: i.issued_on),
    Column(_("整改时限"), lambda i: i.due_on),
    Column(_("状态"), lambda i: i.get_state_display()),
    Column(_("销号日期"), lambda i: i.closed_on),
    Column(_("逾期天数"), lambda i: i.days_overdue() or ""),
    Column(_("督办升级"), lambda i: i.get_escalation_display() if i.escalation else ""),
]
INTERFERENCE_COLUMNS = [
    Column(_("涉及案件"), lambda r: r.case, "case"),
    Column(_("记录单位"), lambda r: r.unit.name, "unit__name"),
    Column(_("发生日期"), lambda r: r.occurred_on, "occurred_on"),
    Column(_("过问（干预）人"), lambda r: r.person_name, "person_name"),
    Column(_("单位及职务"), lambda r: r.person_post),
    Column(_("方式"), lambda r: r.get_manner_display(), "manner"),
    Column(_("处理情况"), lambda r: r.get_handling_display(), "handling"),
]


def _edit(request: HttpRequest, record: Model, form_class: type, save: Callable[..., Any], title: str,
          saved: str, initial: dict | None = None) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form),
                           title, saved, initial=initial)


def _can_change(model: type[Model], user: Any, pk: int) -> bool:
    return model.objects.visible_to(user, CHANGE).filter(pk=pk).exists()


def _manages(user: Any) -> bool:
    return services.writable_units(user).exists()


# ---- inspections ------------------------------------------------------------------------------------


@login_required
@require_safe
def inspection_list(request: HttpRequest) -> HttpResponse:
    qs = (Inspection.objects.visible_to(request.user).select_related("organizer")
          .annotate(finding_count=Count("findings")))
    return pages.list_page(request, qs, InspectionFilter, INSPECTION_COLUMNS, "-start_on", gettext("法治督察"),
                 "inspections:inspection_create", lambda: _manages(request.user))


@login_required
@require_safe
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = Inspection.objects.select_related("organizer").get_visible_or_404(request.user, pk=pk)
    findings = (Finding.objects.visible_to(request.user).filter(inspection=inspection).select_related("unit")
                .annotate(item_count=Count("items"),
                          open_count=Count("items", filter=~Q(items__state=ItemState.CLOSED)))
                .order_by("category", "pk"))
    return render(request, "inspections/inspection_detail.html", {
        "inspection": inspection, "findings": findings,
        "units": inspection.inspected_units.order_by("region_id", "name"),
        "can_change": _can_change(Inspection, request.user, pk)})


@login_required
def inspection_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        inspection = Inspection.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _manages(request.user):
            raise Http404
        inspection = Inspection()

    def save(actor: Any, form: Any) -> Inspection:
        return services.save_inspection(actor=actor, inspection=form.save(commit=False),
                                        inspected_units=form.cleaned_data["inspected_units"])

    return _edit(request, inspection, InspectionForm, save, gettext("编辑督察") if pk else gettext("新建督察"),
                 gettext("已保存督察“%(name)s”。"))


# ---- findings ---------------------------------------------------------------------------------------


@login_required
@require_safe
def finding_list(request: HttpRequest) -> HttpResponse:
    qs = (Finding.objects.visible_to(request.user).select_related("unit", "inspection")
          .annotate(item_count=Count("items")))
    return pages.list_page(request, qs, FindingFilter, FINDING_COLUMNS, "-found_on", gettext("督察发现问题"),
                 "inspections:finding_create", lambda: _manages(request.user))


@login_required
@require_safe
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = Finding.objects.select_related("unit", "inspection").get_visible_or_404(request.user, pk=pk)
    items = (RectificationItem.objects.visible_to(request.user).filter(finding=finding)
             .select_related("responsible_unit").order_by("due_on", "pk"))
    return render(request, "inspections/finding_detail.html", {
        "finding": finding, "items": items, "today": clock.today(),
        "inspection_visible": bool(finding.inspection_id) and Inspection.objects.visible_to(request.user).filter(
            pk=finding.inspection_id).exists(),
        "can_change": _can_change(Finding, request.user, pk)})


@login_required
def finding_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial = None
    if pk:
        finding = Finding.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _manages(request.user):
            raise Http404
        finding = Finding()
        asked = request.GET.get("inspection", "")
        if asked.isdigit() and Inspection.objects.visible_to(request.user, CHANGE).filter(pk=asked).exists():
            initial = {"inspection": int(asked), "source": Source.LOCAL}
        elif request.GET.get("source") == Source.HIGHER:
            initial = {"source": Source.HIGHER}
    return _edit(request, finding, FindingForm,
                 lambda actor, form: services.save_finding(actor=actor, finding=form.save(commit=False)),
                 gettext("编辑督察发现问题") if pk else gettext("登记督察发现问题"), gettext("已保存问题“%(name)s”。"),
                 initial=initial)


# ---- the rectification ledger -------------------------------------------------------------------------


@login_required
@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    qs = RectificationItem.objects.visible_to(request.user).select_related(
        "finding__inspection", "responsible_unit")
    return pages.list_page(request, qs, ItemFilter, ITEM_COLUMNS, "due_on", gettext("整改台账"),
                 "inspections:item_create", lambda: _manages(request.user), export_columns=ITEM_EXPORT_COLUMNS)


def _working_days_left(item: RectificationItem) -> int | None:
    try:
        return working_days_left(item.due_on, clock.today())
    except NoHolidayData:
        return None


@login_required
@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = (RectificationItem.objects.select_related("finding__inspection__organizer", "finding__unit",
                                                     "responsible_unit")
            .get_visible_or_404(request.user, pk=pk))
    can_change = _can_change(RectificationItem, request.user, pk)
    manages = services.writable_units(request.user).filter(pk=item.responsible_unit_id).exists()
    procedure = get_procedure(item)
    attachments = list(Attachment.objects.visible_to(request.user).filter(
        content_type__app_label="inspections", content_type__model="rectificationitem", object_id=item.pk)
        .select_related("uploaded_by"))
    for a in attachments:
        a.kind_label = procedure.attachment_map[a.kind].label if a.kind in procedure.attachment_map else a.kind
    today = clock.today()
    return render(request, "inspections/item_detail.html", {
        "item": item, "today": today, "overdue": item.is_overdue(today), "days_overdue": item.days_overdue(today),
        "days_left": None if item.is_closed or item.is_overdue(today) else _working_days_left(item),
        "attachments": attachments,
        "escalations": item.escalations.select_related("letter").order_by("on", "pk"),
        "finding_visible": Finding.objects.visible_to(request.user).filter(pk=item.finding_id).exists(),
        "can_edit": manages and not item.is_closed,
        "evidence_form": EvidenceForm() if can_change and not item.is_closed else None,
        "escalation_form": EscalationForm() if manages and item.is_overdue(today) else None,
    })


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial = None
    if pk:
        item = RectificationItem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if item.is_closed or not services.writable_units(request.user).filter(pk=item.responsible_unit_id).exists():
            raise Http404
    else:
        if not _manages(request.user):
            raise Http404
        item = RectificationItem(issued_on=clock.today())
        asked = request.GET.get("finding", "")
        finding = (Finding.objects.visible_to(request.user, CHANGE).filter(pk=asked).first()
                   if asked.isdigit() else None)
        if finding is not None:
            initial = {"finding": finding.pk, "responsible_unit": finding.unit_id}
    return _edit(request, item, ItemForm,
                 lambda actor, form: services.save_item(actor=actor, item=form.save(commit=False)),
                 gettext("编辑整改事项") if pk else gettext("交办整改事项"), gettext("已保存整改事项“%(name)s”。"),
                 initial=initial)


@login_required
@require_POST
def item_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    item = RectificationItem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(actor=request.user, item=item, file=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, gettext("已上传整改佐证材料。"))
    else:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    return redirect(item)


@login_required
@require_POST
def item_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    item = RectificationItem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = EscalationForm(request.POST)
    if form.is_valid():
        try:
            escalation = services.escalate(actor=request.user, item=item, kind=form.cleaned_data["kind"],
                                           on=form.cleaned_data["on"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, gettext("已记录%(kind)s。") % {"kind": escalation.get_kind_display()})
    else:
        messages.error(request, "; ".join(
            gettext("%(label)s：%(error)s") % {"label": form.fields[f].label, "error": e} if f in form.fields else e
            for f, errors in form.errors.items() for e in errors))
    return redirect(item)


@login_required
@require_safe
def letter_download(request: HttpRequest, pk: int) -> FileResponse:
    escalation = Escalation.objects.select_related("letter").get_visible_or_404(request.user, pk=pk)
    if escalation.letter is None:
        raise Http404
    return FileResponse(escalation.letter.file.open("rb"), as_attachment=True, filename=escalation.letter.name)


# ---- interference records ---------------------------------------------------------------------------


def _records_interference(user: Any) -> bool:
    return services.writable_units(user, InterferenceRecord.writer_roles).exists()


@login_required
@require_safe
def interference_list(request: HttpRequest) -> HttpResponse:
    qs = InterferenceRecord.objects.visible_to(request.user).select_related("unit")
    return pages.list_page(request, qs, InterferenceFilter, INTERFERENCE_COLUMNS, "-occurred_on",
                 gettext("过问、干预、插手执法案件记录"), "inspections:interference_create",
                 lambda: _records_interference(request.user))


@login_required
@require_safe
def interference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = InterferenceRecord.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    return render(request, "inspections/interference_detail.html", {
        "record": record, "can_change": _can_change(InterferenceRecord, request.user, pk)})


@login_required
def interference_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        record = InterferenceRecord.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _records_interference(request.user):
            raise Http404
        record = InterferenceRecord()
    return _edit(request, record, InterferenceForm,
                 lambda actor, form: services.save_interference(actor=actor, record=form.save(commit=False)),
                 gettext("编辑干预记录") if pk else gettext("登记干预记录"), gettext("已保存记录“%(name)s”。"))

