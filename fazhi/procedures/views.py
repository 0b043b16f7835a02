"""Staff pages of the procedure engine: deadlines, notifications, time-limit rules, and the generic
POST endpoints a record's detail page uses (take a transition, upload an attachment)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from fazhi.core.access import VIEW, require_writer
from fazhi.procedures import clock, services
from fazhi.procedures.engine import all_procedures, declared_limits, get_procedure
from fazhi.procedures.filters import DeadlineFilter
from fazhi.procedures.forms import AttachmentForm, TransitionForm
from fazhi.procedures.models import Attachment, Notification, TimeLimitRule
from fazhi.procedures.selectors import decorate, status_counts, visible_deadlines
from fazhi.procedures.services import TransitionRefused

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 50000


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filtered_deadlines(request: HttpRequest) -> tuple[DeadlineFilter, Any]:
    today = clock.today()
    filterset = DeadlineFilter(request.GET or None, visible_deadlines(request.user, today), user=request.user,
                               today=today)
    return filterset, today


@login_required
@require_safe
def deadline_list(request: HttpRequest) -> HttpResponse:
    """我的期限: the running deadlines the user may see, urgent first (stopped ones with status=stopped),
    filterable and exportable."""
    filterset, today = _filtered_deadlines(request)
    page = Paginator(filterset.qs.prefetch_related("record"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = decorate(page.object_list, today)
    counts = status_counts(visible_deadlines(request.user, today), today)
    return render(request, "procedures/deadlines.html", {
        "filter": filterset, "page": page, "rows": rows, "counts": counts, "today": today,
        "query": _query_without_page(request)})


@login_required
@require_safe
def deadline_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx (the same filters as the page)."""
    from openpyxl import Workbook

    filterset, today = _filtered_deadlines(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext("办理期限"))
    ws.append([gettext("承办单位"), gettext("事项"), gettext("期限"), gettext("期限代码"), gettext("时限"),
               gettext("法律依据"), gettext("起算日"), gettext("届满日"), gettext("结束日"), gettext("状态"),
               gettext("剩余工作日"), gettext("提示")])
    for row in decorate(filterset.qs[:EXPORT_MAX_ROWS], today):
        ws.append([row.unit.name, row.record_repr, row.label, row.key, row.time_limit.label(), row.basis,
                   row.started_on, row.due_on, row.stopped_on, row.status_label, row.days_left,
                   row.calendar_warning])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{today:%Y%m%d}.xlsx"'
    wb.save(response)
    return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications; POST marks one (id=…, several ids allowed) or all (no id) read.

    POST with open=1 and one id goes on to the notification's link (a click on it from the home page).
    """
    if request.method == "POST":
        return _mark_read(request)
    qs = Notification.objects.for_user(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.unread()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "procedures/notifications.html", {
        "page": page, "unread_only": unread_only, "query": _query_without_page(request),
        "unread_count": Notification.objects.for_user(request.user).unread().count()})


def _mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.mark_read(user=request.user, ids=ids or None)
    if request.POST.get("open") and len(ids) == 1:
        target = Notification.objects.for_user(request.user).filter(pk=ids[0]).values_list("url", flat=True).first()
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
    if not ids:
        messages.success(request, gettext("已将全部通知标记为已读。"))
    return redirect(_next(request, reverse("procedures:notifications")))


@login_required
@require_safe
def rule_list(request: HttpRequest) -> HttpResponse:
    """Every declared time limit: its default and the regional overrides, each with its legal basis."""
    declared = declared_limits()
    users_of: dict[str, list[str]] = defaultdict(list)
    for procedure in all_procedures():
        for limit in procedure.limits:
            users_of[limit.key].append(str(procedure.label or procedure.model))
    rows_by_key: dict[str, list[TimeLimitRule]] = defaultdict(list)
    for rule in TimeLimitRule.objects.select_related("region").order_by("key", "region_id"):
        rows_by_key[rule.key].append(rule)
    groups = []
    for key in sorted(set(declared) | set(rows_by_key)):
        limit = declared.get(key)
        rules = rows_by_key.get(key, [])
        default = next((r for r in rules if r.region_id is None), None)
        groups.append({
            "key": key, "limit": limit, "procedures": users_of.get(key, []),
            "default": default, "overrides": [r for r in rules if r.region_id],
            "differs": bool(limit and default and (default.n, default.day_unit, default.basis)
                            != (limit.n, limit.unit, limit.basis)),
        })
    return render(request, "procedures/rules.html", {"groups": groups})


# ---- generic endpoints for records with a procedure ------------------------------------------------


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _record(request: HttpRequest, content_type_id: int, object_id: int, action: str = VIEW) -> models.Model:
    """The record of a registered procedure, through the access layer (404 when missing or hidden)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None:
        raise Http404
    try:
        get_procedure(model)
    except LookupError:
        raise Http404 from None
    return model.objects.get_visible_or_404(request.user, action, pk=object_id)


def _record_url(record: Any) -> str:
    return record.get_absolute_url() if hasattr(record, "get_absolute_url") else reverse("home")


@login_required
@require_POST
def transition(request: HttpRequest, content_type_id: int, object_id: int, name: str) -> HttpResponse:
    require_writer(request.user)
    record = _record(request, content_type_id, object_id)
    back = _next(request, _record_url(record))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    step = get_procedure(record).get_transition(name)
    label = step.label if step else name
    try:
        log = services.transition(actor=request.user, record=record, name=name,
                                  comment=form.cleaned_data["comment"], data={"on": form.cleaned_data["on"]})
    except TransitionRefused as exc:
        messages.error(request, gettext("无法执行“%(step)s”：%(why)s") % {
            "step": label, "why": "；".join(exc.reasons)})
    else:
        messages.success(request, gettext("已执行“%(step)s”，当前状态：%(state)s。") % {
            "step": log.transition_label, "state": log.to_label})
    return redirect(back)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    from fazhi.core.access import CHANGE

    require_writer(request.user)
    record = _record(request, content_type_id, object_id, CHANGE)
    form = AttachmentForm(request.POST, request.FILES, procedure=get_procedure(record))
    if form.is_valid():
        try:
            services.add_attachment(actor=request.user, record=record, kind=form.cleaned_data["kind"],
                                    file=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("已上传附件。"))
    else:
        messages.error(request, "；".join(f"{form.fields[f].label}：{e}" if f in form.fields else e
                                         for f, errors in form.errors.items() for e in errors))
    return redirect(_next(request, _record_url(record)))


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.get_visible_or_404(request.user, VIEW, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
