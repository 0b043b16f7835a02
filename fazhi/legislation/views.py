"""Staff pages (lists, details, forms) and the two public portal pages of local legislation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from fazhi.core import pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.legislation import selectors, services
from fazhi.legislation.filters import EvaluationFilter, OpinionFilter, PlanFilter, PointFilter, ProjectFilter
from fazhi.legislation.forms import EvaluationForm, OpinionForm, PlanForm, PointForm, ProjectForm
from fazhi.legislation.models import (
    OPINION_STATUSES,
    Adoption,
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PostLegislativeEvaluation,
)

PLAN_COLUMNS = [
    Column(_("计划名称"), lambda p: p.title, "title"),
    Column(_("计划年度"), lambda p: p.year, "year"),
    Column(_("计划类别"), lambda p: p.get_kind_display(), "kind"),
    Column(_("编制单位"), lambda p: p.unit.name, "unit__name"),
    Column(_("通过（印发）日期"), lambda p: p.approved_on, "approved_on"),
    Column(_("项目数"), lambda p: p.project_count, "project_count"),
]
PROJECT_COLUMNS = [
    Column(_("项目名称"), lambda p: p.title, "title"),
    Column(_("计划年度"), lambda p: p.plan.year, "plan__year"),
    Column(_("项目类别"), lambda p: p.get_category_display(), "category"),
    Column(_("立法形式"), lambda p: p.get_kind_display(), "kind"),
    Column(_("负责单位"), lambda p: p.responsible_unit.name, "responsible_unit__name"),
    Column(_("状态"), lambda p: p.get_status_display(), "status"),
    Column(_("通过日期"), lambda p: p.passed_on, "passed_on"),
    Column(_("公布日期"), lambda p: p.published_on, "published_on"),
    Column(_("施行日期"), lambda p: p.effective_on, "effective_on"),
]
POINT_COLUMNS = [
    Column(_("名称"), lambda p: p.name, "name"),
    Column(_("类型"), lambda p: p.get_kind_display(), "kind"),
    Column(_("设立类型"), lambda p: p.get_host_type_display(), "host_type"),
    Column(_("依托单位"), lambda p: p.host_unit.name, "host_unit__name"),
    Column(_("所在区划"), lambda p: p.region.name, "region_id"),
    Column(_("所属联系点"), lambda p: p.parent.name if p.parent_id else "", "parent__name"),
    Column(_("工作人员数"), lambda p: p.staff_count, "staff_count"),
    Column(_("信息员数"), lambda p: p.collector_count, "collector_count"),
    Column(_("设立日期"), lambda p: p.established_on, "established_on"),
    Column(_("在用"), lambda p: p.active, "active"),
]
OPINION_COLUMNS = [
    Column(_("意见内容"), lambda o: pages.excerpt(o.content)),
    Column(_("立法项目"), lambda o: o.project.title, "project__title"),
    Column(_("收集点"), lambda o: o.contact_point.name, "contact_point__name"),
    Column(_("收集日期"), lambda o: o.received_on, "received_on"),
    Column(_("意见提出人"), lambda o: o.submitter),
    Column(_("采纳情况"), lambda o: o.get_adoption_display(), "adoption"),
]
EVALUATION_COLUMNS = [
    Column(_("被评估的法规规章"), lambda e: e.title, "title"),
    Column(_("评估单位"), lambda e: e.evaluating_unit.name, "evaluating_unit__name"),
    Column(_("评估方式"), lambda e: e.get_method_display(), "method"),
    Column(_("开始日期"), lambda e: e.started_on, "started_on"),
    Column(_("完成日期"), lambda e: e.finished_on, "finished_on"),
    Column(_("评估建议"), lambda e: e.get_recommendation_display(), "recommendation"),
]


def _edit(request: HttpRequest, record: Model, form_class: type, save: Callable[..., Any], title: str,
          saved: str, initial: dict | None = None) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form.save(commit=False)),
                           title, saved, initial=initial)


def _may_record_opinions(user: Any) -> bool:
    return (ContactPoint.objects.visible_to(user, CHANGE).exists()
            or LegislativePlan.objects.visible_to(user, CHANGE).exists())


def _can_change(model: type[Model], user: Any, pk: int) -> bool:
    return model.objects.visible_to(user, CHANGE).filter(pk=pk).exists()


# ---- plans ------------------------------------------------------------------------------------------


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    qs = (LegislativePlan.objects.visible_to(request.user).select_related("unit")
          .annotate(project_count=Count("projects")))
    return pages.list_page(request, qs, PlanFilter, PLAN_COLUMNS, "-year", gettext("立法计划"), "legislation:plan_create",
                 lambda: services.writable_units(request.user).exists())


@login_required
@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = LegislativePlan.objects.select_related("unit", "region").get_visible_or_404(request.user, pk=pk)
    projects = (LegislativeProject.objects.visible_to(request.user).filter(plan=plan)
                .select_related("responsible_unit").order_by("category", "pk"))
    return render(request, "legislation/plan_detail.html", {
        "plan": plan, "projects": projects, "can_change": _can_change(LegislativePlan, request.user, pk)})


@login_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        plan = LegislativePlan.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        plan = LegislativePlan()
    return _edit(request, plan, PlanForm, lambda actor, obj: services.save_plan(actor=actor, plan=obj),
                 gettext("编辑立法计划") if pk else gettext("新建立法计划"), gettext("已保存立法计划“%(name)s”。"))


# ---- projects ---------------------------------------------------------------------------------------


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    qs = LegislativeProject.objects.visible_to(request.user).select_related("plan", "responsible_unit")
    return pages.list_page(request, qs, ProjectFilter, PROJECT_COLUMNS, "-plan__year", gettext("立法项目"),
                 "legislation:project_create",
                 lambda: LegislativePlan.objects.visible_to(request.user, CHANGE).exists())


@login_required
@require_safe
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = (LegislativeProject.objects.select_related("plan__unit", "plan__region", "responsible_unit",
                                                         "drafting_unit")
               .get_visible_or_404(request.user, pk=pk))
    opinions = Opinion.objects.visible_to(request.user).filter(project=project)
    tally = {row["adoption"]: row["n"] for row in opinions.order_by().values("adoption").annotate(n=Count("pk"))}
    return render(request, "legislation/project_detail.html", {
        "project": project,
        "can_edit": (project.status not in services.LOCKED_STATUSES
                     and _can_change(LegislativeProject, request.user, pk)),
        "plan_visible": LegislativePlan.objects.visible_to(request.user).filter(pk=project.plan_id).exists(),
        "opinions": opinions.select_related("contact_point")[:50],
        "opinion_total": sum(tally.values()),
        "tally": [(label, tally.get(value, 0)) for value, label in Adoption.choices],
        "evaluations": PostLegislativeEvaluation.objects.visible_to(request.user).filter(project=project)
        .select_related("evaluating_unit"),
        "can_record": project.status in OPINION_STATUSES and _may_record_opinions(request.user),
    })


@login_required
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial = None
    if pk:
        project = LegislativeProject.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if project.status in services.LOCKED_STATUSES:
            raise Http404
    else:
        plans = LegislativePlan.objects.visible_to(request.user, CHANGE)
        if not plans.exists():
            raise Http404
        project = LegislativeProject()
        plan_id = request.GET.get("plan", "")
        if plan_id.isdigit() and plans.filter(pk=plan_id).exists():
            initial = {"plan": int(plan_id)}
    return _edit(request, project, ProjectForm,
                 lambda actor, obj: services.save_project(actor=actor, project=obj),
                 gettext("编辑立法项目") if pk else gettext("新建立法项目"), gettext("已保存立法项目“%(name)s”。"),
                 initial=initial)


# ---- contact points ---------------------------------------------------------------------------------


@login_required
@require_safe
def point_list(request: HttpRequest) -> HttpResponse:
    qs = ContactPoint.objects.visible_to(request.user).select_related("host_unit", "region", "parent")
    return pages.list_page(request, qs, PointFilter, POINT_COLUMNS, "kind", gettext("基层立法联系点"),
                 "legislation:point_create", lambda: services.writable_units(request.user).exists())


@login_required
@require_safe
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = (ContactPoint.objects.select_related("host_unit", "region", "parent")
             .get_visible_or_404(request.user, pk=pk))
    opinions = Opinion.objects.visible_to(request.user).filter(contact_point=point)
    return render(request, "legislation/point_detail.html", {
        "point": point, "can_change": _can_change(ContactPoint, request.user, pk),
        "parent_visible": bool(point.parent_id) and ContactPoint.objects.visible_to(request.user).filter(
            pk=point.parent_id).exists(),
        "children": ContactPoint.objects.visible_to(request.user).filter(parent=point)
        .select_related("host_unit", "region"),
        "opinion_total": opinions.count(),
        "opinions": opinions.select_related("project")[:50],
        "can_record": _may_record_opinions(request.user),
    })


@login_required
def point_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        point = ContactPoint.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        point = ContactPoint()
    return _edit(request, point, PointForm, lambda actor, obj: services.save_point(actor=actor, point=obj),
                 gettext("编辑联系点（采集点）") if pk else gettext("新建联系点（采集点）"),
                 gettext("已保存“%(name)s”。"))


# ---- opinions ---------------------------------------------------------------------------------------


@login_required
@require_safe
def opinion_list(request: HttpRequest) -> HttpResponse:
    qs = Opinion.objects.visible_to(request.user).select_related("project", "contact_point")
    return pages.list_page(request, qs, OpinionFilter, OPINION_COLUMNS, "-received_on", gettext("立法意见建议"),
                 "legislation:opinion_create", lambda: _may_record_opinions(request.user))


@login_required
@require_safe
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = (Opinion.objects.select_related("project__plan", "contact_point")
               .get_visible_or_404(request.user, pk=pk))
    return render(request, "legislation/opinion_detail.html", {
        "opinion": opinion, "can_change": _can_change(Opinion, request.user, pk),
        "project_visible": LegislativeProject.objects.visible_to(request.user).filter(
            pk=opinion.project_id).exists()})


@login_required
def opinion_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    initial = None
    if pk:
        opinion = Opinion.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _may_record_opinions(request.user):
            raise Http404
        opinion = Opinion()
        initial = {key: request.GET[key] for key in ("project", "contact_point") if request.GET.get(key, "").isdigit()}
    return _edit(request, opinion, OpinionForm,
                 lambda actor, obj: services.save_opinion(actor=actor, opinion=obj),
                 gettext("编辑立法意见建议") if pk else gettext("登记立法意见建议"), gettext("已保存意见建议。"),
                 initial=initial)


# ---- post-legislative evaluations -------------------------------------------------------------------


@login_required
@require_safe
def evaluation_list(request: HttpRequest) -> HttpResponse:
    qs = PostLegislativeEvaluation.objects.visible_to(request.user).select_related("evaluating_unit")
    return pages.list_page(request, qs, EvaluationFilter, EVALUATION_COLUMNS, "-started_on", gettext("立法后评估"),
                 "legislation:evaluation_create", lambda: services.writable_units(request.user).exists())


@login_required
@require_safe
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = (PostLegislativeEvaluation.objects.select_related("project", "evaluating_unit")
                  .get_visible_or_404(request.user, pk=pk))
    return render(request, "legislation/evaluation_detail.html", {
        "evaluation": evaluation, "can_change": _can_change(PostLegislativeEvaluation, request.user, pk),
        "project_visible": bool(evaluation.project_id) and LegislativeProject.objects.visible_to(
            request.user).filter(pk=evaluation.project_id).exists()})


@login_required
def evaluation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        evaluation = PostLegislativeEvaluation.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        evaluation = PostLegislativeEvaluation()
    return _edit(request, evaluation, EvaluationForm,
                 lambda actor, obj: services.save_evaluation(actor=actor, evaluation=obj),
                 gettext("编辑立法后评估") if pk else gettext("新建立法后评估"),
                 gettext("已保存立法后评估“%(name)s”。"))


# ---- the public portal ------------------------------------------------------------------------------


@require_safe
def public_plan(request: HttpRequest) -> HttpResponse:
    """The published legislative plans of a year (default: the latest) with each project's status."""
    years = selectors.public_years()
    year = years[0] if years else None
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        year = int(asked)
    plans = list(selectors.public_plans_of(year)) if year else []
    return render(request, "legislation/public_plan.html", {"years": years, "year": year, "plans": plans})


@require_safe
def public_contact_points(request: HttpRequest) -> HttpResponse:
    points = list(selectors.public_contact_points())
    loose = list(selectors.public_loose_collection_points())
    return render(request, "legislation/public_contact_points.html", {
        "points": points, "loose": loose,
        "collection_total": sum(len(p.active_children) for p in points) + len(loose)})
