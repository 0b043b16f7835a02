"""Staff pages of enforcement cases and benchmarks, and the public publicity page on the portal."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.cases import limits, services
from fazhi.cases.filters import BenchmarkFilter, CaseFilter, PublicCaseFilter
from fazhi.cases.forms import BenchmarkForm, CaseForm, ExtensionForm, FollowUpForm
from fazhi.cases.models import WRITERS, ActType, DiscretionBenchmark, EnforcementCase, Outcome, yuan
from fazhi.core import access, listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column

CASE_COLUMNS = [
    Column(_("案件编号"), lambda c: c.number, "number"),
    Column(_("执法主体"), lambda c: c.body.unit.name, "body__unit__name"),
    Column(_("行为类别"), lambda c: c.get_act_type_display(), "act_type"),
    Column(_("案由"), lambda c: c.cause, "cause"),
    Column(_("当事人"), lambda c: c.party_name, "party_name"),
    Column(_("重大"), lambda c: c.major, "major"),
    Column(_("状态"), lambda c: c.get_state_display(), "state"),
    Column(_("立案日期"), lambda c: c.registered_on, "registered_on"),
    Column(_("决定日期"), lambda c: c.decided_on, "decided_on"),
    Column(_("罚款金额（元）"), lambda c: c.fine_amount, "fine_amount"),
    Column(_("公示日期"), lambda c: c.published_on, "published_on"),
]


def public_decision_content(case: EnforcementCase) -> str:
    """What the portal says was decided, by act type: the penalty imposed; the licence granted or refused;
    the compulsory measure and how it ended; the inspection's conclusion."""
    outcome = case.get_outcome_display()
    if case.act_type == ActType.PENALTY:
        parts = [gettext("罚款%(amount)s元") % {"amount": yuan(case.fine_amount)}] if case.fine_amount is not None else []
        if case.other_penalties:
            parts.append(case.other_penalties)
        return "；".join(parts) or outcome
    if case.act_type == ActType.COERCION:
        return gettext("%(measure)s；处理结果：%(outcome)s") % {"measure": case.get_measure_kind_display() or "—",
                                                          "outcome": outcome or "—"}
    if case.act_type == ActType.INSPECTION:
        text = gettext("检查结论：%(outcome)s") % {"outcome": outcome or "—"}
        return f"{text}（{case.get_inspection_origin_display()}）" if case.inspection_origin else text
    return outcome  # licensing: 准予行政许可 / 不予行政许可


PUBLIC_COLUMNS = [
    Column(_("决定书文号"), lambda c: c.number, "number"),
    Column(_("执法主体"), lambda c: c.body.unit.name, "body__unit__name"),
    Column(_("行为类别"), lambda c: c.get_act_type_display(), "act_type"),
    Column(_("当事人"), lambda c: c.masked_party),
    Column(_("案由"), lambda c: c.cause, "cause"),
    Column(_("决定内容"), public_decision_content),
    Column(_("决定日期"), lambda c: c.decided_on, "decided_on"),
    Column(_("公示日期"), lambda c: c.published_on, "published_on"),
]
BENCHMARK_COLUMNS = [
    Column(_("执法事项"), lambda b: b.item.name, "item__name"),
    Column(_("违法情节"), lambda b: b.circumstance, "circumstance"),
    Column(_("罚款下限（元）"), lambda b: b.min_fine, "min_fine"),
    Column(_("罚款上限（元）"), lambda b: b.max_fine, "max_fine"),
    Column(_("首违不罚"), lambda b: b.lenient, "lenient"),
    Column(_("法律依据"), lambda b: b.citation),
    Column(_("施行日期"), lambda b: b.valid_from, "valid_from"),
]


# The officers are chosen in a field of their own (certificates checked as the form is built).
OFFICER_FIELD = {"officers": "officer_choices"}


def _edit(request: HttpRequest, record: Any, form_class: type, save: Callable[..., Any], title: str,
          saved: str) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form.save(commit=False), form),
                           title, saved, aliases=OFFICER_FIELD)


def _may_register(user: Any) -> bool:
    return access.writable_units(user, WRITERS).exists()


@login_required
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    qs = EnforcementCase.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, CaseFilter, CASE_COLUMNS, "-registered_on", gettext("行政执法案件"),
                 "cases:case_create", _may_register(request.user))


@login_required
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = (EnforcementCase.objects.select_related("body__unit", "item", "benchmark", "reviewer")
            .get_visible_or_404(request.user, pk=pk))
    can_change = EnforcementCase.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    open_case = case.state not in services.LOCKED_STATES
    extendable = open_case and case.act_type != ActType.INSPECTION
    follow_up = (can_change and case.act_type == ActType.INSPECTION and case.outcome == Outcome.PROBLEM_FOUND)
    return render(request, "cases/case_detail.html", {
        "case": case, "officers": case.officers.select_related("body__unit"),
        "can_edit": can_change and open_case,
        "extension_form": ExtensionForm() if can_change and extendable else None,
        "hearing_grounds": case.hearing_grounds() if case.act_type == ActType.PENALTY else [],
        "follow_ups": list(case.follow_ups.visible_to(request.user).order_by("pk")),
        "follow_up_form": FollowUpForm() if follow_up else None,
    })


@login_required
def case_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        case = EnforcementCase.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if case.state in services.LOCKED_STATES:
            raise Http404
    else:
        if not _may_register(request.user):
            raise Http404
        case = EnforcementCase()
    return _edit(request, case, CaseForm,
                 lambda actor, obj, form: services.save_case(actor=actor, case=obj,
                                                             officers=form.cleaned_data["officer_choices"]),
                 gettext("编辑案件") if pk else gettext("立案登记"), gettext("已保存案件“%(name)s”。"))


@login_required
@require_POST
def case_extend(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    case = EnforcementCase.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.extend_decision_limit(actor=request.user, case=case, days=form.cleaned_data["days"],
                                           basis=form.cleaned_data["basis"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("已记录决定期限的延长及其依据。"))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(case)


@login_required
@require_safe
def benchmark_range(request: HttpRequest) -> HttpResponse:
    """The chosen benchmark's range as an HTML fragment for the case form (htmx); 404 if not visible."""
    value = request.GET.get("benchmark", "")
    if not value:
        return render(request, "cases/_benchmark_range.html", {"benchmark": None})
    if not value.isdigit():
        raise Http404
    benchmark = DiscretionBenchmark.objects.get_visible_or_404(request.user, pk=int(value))
    return render(request, "cases/_benchmark_range.html", {"benchmark": benchmark})


@login_required
@require_POST
def case_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a penalty case for the problem an inspection found (linked to the inspection)."""
    require_writer(request.user)
    inspection = EnforcementCase.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            case = services.open_penalty_case(actor=request.user, inspection=inspection,
                                              number=form.cleaned_data["number"],
                                              registered_on=form.cleaned_data["registered_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("已据检查发现的问题立案：%(name)s。") % {"name": str(case)[:60]})
            return redirect(case)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(inspection)


@login_required
@require_safe
def benchmark_list(request: HttpRequest) -> HttpResponse:
    qs = DiscretionBenchmark.objects.visible_to(request.user).select_related("item")
    return pages.list_page(request, qs, BenchmarkFilter, BENCHMARK_COLUMNS, "item__name", gettext("裁量基准"),
                 "cases:benchmark_create", _may_register(request.user))


@login_required
def benchmark_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        benchmark = DiscretionBenchmark.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _may_register(request.user):
            raise Http404
        benchmark = DiscretionBenchmark()
    return _edit(request, benchmark, BenchmarkForm,
                 lambda actor, obj, form: services.save_benchmark(actor=actor, benchmark=obj),
                 gettext("编辑裁量基准") if pk else gettext("新增裁量基准"), gettext("已保存裁量基准“%(name)s”。"))


@require_safe
def public_decisions(request: HttpRequest) -> HttpResponse:
    """执法决定公示 (anonymous): published decisions of every act type, the party masked; revoked and
    withdrawn ones disappear."""
    qs = EnforcementCase.objects.public().select_related("body__unit")
    ctx = listing.build(request, qs, functools.partial(PublicCaseFilter, user=None), PUBLIC_COLUMNS, "-published_on")
    ctx.update(title=gettext("行政执法决定公示"), intro=gettext(
        "行政处罚、行政许可决定自作出之日起%(penalty)s个工作日内公开，行政强制措施处理决定和行政检查结果%(other)s个工作日内"
        "公开（%(basis)s）；决定被变更、撤销的，%(withdrawal)s个工作日内撤下（行政处罚法第四十八条）。"
        "自然人当事人的姓名和身份证号已部分隐去。") % {
        "penalty": limits.PUBLICITY.n, "other": limits.OTHER_PUBLICITY.n, "withdrawal": limits.WITHDRAWAL.n,
        "basis": "国办发〔2018〕118号"}, sections=[])
    return render(request, "enforcement/public_list.html", ctx)
