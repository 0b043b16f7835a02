"""Staff pages (directories, plans, the draw, results) and the portal's pages (一公开)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fazhi.core import listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.enforcement import services as enforcement
from fazhi.enforcement.filters import OfficerFilter
from fazhi.enforcement.models import EnforcementOfficer
from fazhi.procedures import clock
from fazhi.randominspections import services
from fazhi.randominspections.filters import EntityFilter, ItemFilter, PlanFilter
from fazhi.randominspections.forms import EntityForm, ItemForm, PlanForm, RelationForm, ResultForm
from fazhi.randominspections.models import (
    InspectionEntity,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    PlanState,
    ResultState,
)

ITEM_COLUMNS = [
    Column(_("事项编码"), lambda i: i.code, "code"),
    Column(_("检查事项"), lambda i: i.name, "name"),
    Column(_("执法领域"), lambda i: i.get_field_display(), "field"),
    Column(_("检查依据"), lambda i: i.legal_basis),
    Column(_("执法主体"), lambda i: i.body.unit.name, "body__unit__name"),
]
ENTITY_COLUMNS = [
    Column(_("统一社会信用代码"), lambda e: e.credit_code, "credit_code"),
    Column(_("名称"), lambda e: e.name, "name"),
    Column(_("类型"), lambda e: e.get_kind_display(), "kind"),
    Column(_("所属行业"), lambda e: e.industry, "industry"),
    Column(_("风险等级"), lambda e: e.get_risk_level_display(), "risk_level"),
    Column(_("地址"), lambda e: e.address),
    Column(_("执法主体"), lambda e: e.body.unit.name, "body__unit__name"),
]
INSPECTOR_COLUMNS = [
    Column(_("姓名"), lambda o: o.name, "name"),
    Column(_("执法证号"), lambda o: o.certificate_number, "certificate_number"),
    Column(_("执法主体"), lambda o: o.body.unit.name, "body__unit__name"),
    Column(_("执法领域"), lambda o: o.get_field_display(), "field"),
    Column(_("有效期至"), lambda o: o.expires_on, "expires_on"),
]
PLAN_COLUMNS = [
    Column(_("计划名称"), lambda p: p.title, "title"),
    Column(_("年度"), lambda p: p.year, "year"),
    Column(_("执法主体"), lambda p: p.body.unit.name, "body__unit__name"),
    Column(_("状态"), lambda p: p.get_state_display(), "state"),
    Column(_("抽取日期"), lambda p: p.drawn_on, "drawn_on"),
]


def _form_page(request: HttpRequest, form: Any, save: Any, title: str, saved: str, cancel: Any = None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, saved % {"name": str(obj)[:60]})
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "randominspections:item_list")
    return render(request, "fazhi/form.html", {"form": form, "title": title, "cancel": cancel})


def _keeps_any(user: Any) -> bool:
    return enforcement.keeper_bodies(user).exists()


# ---- directories ------------------------------------------------------------------------------------


@login_required
@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    qs = InspectionItem.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, ItemFilter, ITEM_COLUMNS, "code", gettext("随机抽查事项清单"),
                 "randominspections:item_create", _keeps_any(request.user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    if not _keeps_any(request.user):
        raise Http404
    form = ItemForm(request.POST or None, user=request.user)

    def save(f: Any) -> Any:
        services.create_item(actor=request.user, **f.cleaned_data)
        return _Redirect("randominspections:item_list")

    return _form_page(request, form, save, gettext("登记检查事项"), gettext("已保存检查事项。%(name)s"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    item = InspectionItem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = ItemForm(request.POST or None, instance=item, user=request.user)

    def save(f: Any) -> Any:
        services.save_item(actor=request.user, item=f.save(commit=False))
        return _Redirect("randominspections:item_list")

    return _form_page(request, form, save, gettext("编辑检查事项"), gettext("已保存检查事项。%(name)s"),
                      cancel=_Redirect("randominspections:item_list"))


class _Redirect:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_absolute_url(self) -> str:
        return reverse(self.name)

    def __str__(self) -> str:
        return ""


@login_required
@require_safe
def entity_list(request: HttpRequest) -> HttpResponse:
    qs = InspectionEntity.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, EntityFilter, ENTITY_COLUMNS, "credit_code", gettext("检查对象名录库"),
                 "randominspections:entity_create", _keeps_any(request.user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    entity = InspectionEntity.objects.get_visible_or_404(request.user, CHANGE, pk=pk) if pk else InspectionEntity()
    if not pk and not _keeps_any(request.user):
        raise Http404
    form = EntityForm(request.POST or None, instance=entity, user=request.user)

    def save(f: Any) -> Any:
        services.save_entity(actor=request.user, entity=f.save(commit=False))
        return _Redirect("randominspections:entity_list")

    return _form_page(request, form, save, gettext("编辑检查对象") if pk else gettext("登记检查对象"),
                      gettext("已保存检查对象。%(name)s"))


@login_required
@require_safe
def inspector_list(request: HttpRequest) -> HttpResponse:
    """The inspector directory (执法检查人员名录库): officers holding a valid certificate today."""
    qs = (EnforcementOfficer.objects.visible_to(request.user).with_valid_certificate(clock.today())
          .select_related("body__unit"))
    return pages.list_page(request, qs, OfficerFilter, INSPECTOR_COLUMNS, "name", gettext("执法检查人员名录库"), None, False)


# ---- plans and the draw -----------------------------------------------------------------------------


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    qs = InspectionPlan.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, PlanFilter, PLAN_COLUMNS, "-year", gettext("双随机抽查计划"),
                 "randominspections:plan_create", _keeps_any(request.user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    if not _keeps_any(request.user):
        raise Http404
    form = PlanForm(request.POST or None, user=request.user)

    def save(f: Any) -> Any:
        data = dict(f.cleaned_data)
        return services.create_plan(actor=request.user, items=list(data.pop("items")), **data)

    return _form_page(request, form, save, gettext("制定抽查计划"), gettext("已保存抽查计划“%(name)s”。"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft plan; once its inputs are committed the plan is frozen (the service says why)."""
    require_writer(request.user)
    plan = InspectionPlan.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    if plan.state != PlanState.DRAFT:
        messages.error(request, services.plan_frozen_message(plan))
        return redirect(plan)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)

    def save(f: Any) -> Any:
        return services.save_plan(actor=request.user, plan=f.save(commit=False), items=list(f.cleaned_data["items"]))

    return _form_page(request, form, save, gettext("编辑抽查计划"), gettext("已保存抽查计划“%(name)s”。"),
                      cancel=plan)


def _results(plan: InspectionPlan) -> QuerySet[InspectionResult]:
    return plan.results.select_related("entity").prefetch_related("inspectors").order_by("pk")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = InspectionPlan.objects.select_related("body__unit").get_visible_or_404(request.user, pk=pk)
    can_change = InspectionPlan.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    relation_form = RelationForm(request.POST or None, plan=plan) if can_change else None
    if request.method == "POST":
        if not can_change or relation_form is None:
            raise Http404
        if relation_form.is_valid():
            try:
                services.declare_relation(actor=request.user, plan=plan, **relation_form.cleaned_data)
            except ValidationError as exc:
                pages.apply_errors(relation_form, exc)
            else:
                messages.success(request, gettext("已登记回避关系。"))
                return redirect(plan)
    return render(request, "randominspections/plan_detail.html", {
        "plan": plan, "can_change": can_change, "can_edit": can_change and plan.state == PlanState.DRAFT, "relation_form": relation_form,
        "items": plan.items.all(), "relations": plan.relations.select_related("officer", "entity"),
        "results": _results(plan), "published": plan.published_draw(),
        "in_scope": services.entities_in_scope(plan).count()})


def _plan_step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    require_writer(request.user)
    plan = InspectionPlan.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    try:
        step(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(plan)


@login_required
@require_POST
def plan_commit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_step(request, pk, services.commit_draw, gettext("已公布抽取输入和随机种子哈希。"))


@login_required
@require_POST
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_step(request, pk, services.perform_draw, gettext("已抽取并公开随机种子。"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = (InspectionResult.objects.select_related("plan__body__unit", "entity")
              .get_visible_or_404(request.user, pk=pk))
    can_change = InspectionResult.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    form = None
    if can_change and result.state != ResultState.PUBLISHED:
        initial = {"inspected_on": result.inspected_on, "outcome": result.outcome, "problems": result.problems,
                   "handling": result.handling}
        form = ResultForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.enter_result(actor=request.user, result=result, **form.cleaned_data)
            except ValidationError as exc:
                pages.apply_errors(form, exc)
            else:
                messages.success(request, gettext("已保存检查结果：请在期限内公示。"))
                return redirect("randominspections:result_detail", pk=pk)
    elif request.method == "POST":
        raise Http404
    return render(request, "randominspections/result_detail.html", {
        "result": result, "form": form, "inspectors": result.inspectors.all()})


# ---- portal -----------------------------------------------------------------------------------------


def _public_plans() -> QuerySet[InspectionPlan]:
    return (InspectionPlan.objects.filter(state__in=[PlanState.COMMITTED, PlanState.DRAWN])
            .select_related("body__unit"))


@require_safe
def public_plan_list(request: HttpRequest) -> HttpResponse:
    ctx = listing.build(request, _public_plans(), PlanFilter, PLAN_COLUMNS, "-year")
    ctx.update(title=gettext("双随机抽查公示"))
    return render(request, "randominspections/public_list.html", ctx)


@require_safe
def public_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _public_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404
    results = _results(plan).filter(state=ResultState.PUBLISHED)
    return render(request, "randominspections/public_detail.html", {
        "plan": plan, "items": plan.items.all(), "published": plan.published_draw(), "results": results})


@require_safe
def public_plan_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The published draw as JSON: `fazhi inspections verify-draw ID --file` (or anyone) recomputes it."""
    plan = _public_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404
    response = JsonResponse(plan.published_draw(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="random-inspection-draw-{plan.pk}.json"'
    return response
