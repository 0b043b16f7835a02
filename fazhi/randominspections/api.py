"""API of random inspections (/api/v1/randominspections/): directories, plans, the draw, results.

Operations are named `randominspections_…` (route names api:randominspections_…).
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.randominspections import services
from fazhi.randominspections.filters import EntityFilter, PlanFilter
from fazhi.randominspections.models import (
    EntityKind,
    InspectionEntity,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    Outcome,
    RiskLevel,
)

router = Router(tags=["randominspections"])


class EntityOut(Schema):
    id: int
    body_id: int
    credit_code: str
    name: str
    kind: str
    industry: str
    risk_level: str
    address: str
    active: bool


class EntityIn(Schema):
    body_id: int
    credit_code: str
    name: str
    kind: EntityKind = EntityKind.ENTERPRISE
    industry: str = ""
    risk_level: RiskLevel = RiskLevel.LOW
    address: str = ""


class PlanOut(Schema):
    id: int
    body_id: int
    title: str
    year: int
    item_ids: list[int]
    scope_industry: str
    ratio_high_bp: int
    ratio_medium_bp: int
    ratio_low_bp: int
    inspectors_per_entity: int
    state: str
    inputs_hash: str
    seed_hash: str
    committed_at: datetime.datetime | None
    drawn_at: datetime.datetime | None

    @staticmethod
    def resolve_item_ids(obj: InspectionPlan) -> list[int]:
        return sorted(i.pk for i in obj.items.all())


class PlanIn(Schema):
    body_id: int
    title: str
    year: int
    item_ids: list[int]
    scope_industry: str = ""
    ratio_high_bp: int = 1000
    ratio_medium_bp: int = 500
    ratio_low_bp: int = 300
    inspectors_per_entity: int = 2


class ResultOut(Schema):
    id: int
    plan_id: int
    entity_id: int
    state: str
    inspector_ids: list[int]
    inspected_on: datetime.date | None
    outcome: str
    problems: str
    handling: str
    publication_due_on: datetime.date | None
    published_on: datetime.date | None
    published_late: bool

    @staticmethod
    def resolve_inspector_ids(obj: InspectionResult) -> list[int]:
        return sorted(o.pk for o in obj.inspectors.all())


class ResultIn(Schema):
    inspected_on: datetime.date
    outcome: Outcome
    problems: str = ""
    handling: str = ""


class PublishIn(Schema):
    on: datetime.date | None = None


class VerifyOut(Schema):
    agrees: bool
    problems: list[str]


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _plans(user):
    return InspectionPlan.objects.visible_to(user).prefetch_related("items")


@router.get("/entities", response=list[EntityOut], summary="检查对象名录库", url_name="randominspections_list_entities")
@paginate(PageNumberPagination, page_size=50)
def list_entities(request, q: str | None = None, credit_code: str | None = None, risk_level: str | None = None,
                  industry: str | None = None):
    data = {"q": q, "credit_code": credit_code, "risk_level": risk_level, "industry": industry}
    return _filtered(EntityFilter, data, InspectionEntity.objects.visible_to(request.auth), request.auth).order_by("pk")


@router.post("/entities", response={201: EntityOut}, summary="登记检查对象", url_name="randominspections_create_entity")
def create_entity(request, payload: EntityIn):
    require_writer(request.auth)
    fields = {k: getattr(v, "value", v) for k, v in payload.dict().items()}
    return Status(201, services.create_entity(actor=request.auth, **fields))


@router.get("/plans", response=list[PlanOut], summary="双随机抽查计划", url_name="randominspections_list_plans")
@paginate(PageNumberPagination, page_size=50)
def list_plans(request, q: str | None = None, year: int | None = None, state: str | None = None):
    data = {"q": q, "year": year, "state": state}
    return _filtered(PlanFilter, data, _plans(request.auth), request.auth).order_by("-year", "-pk")


@router.get("/plans/{plan_id}", response=PlanOut, summary="抽查计划详情", url_name="randominspections_get_plan")
def get_plan(request, plan_id: int):
    return _plans(request.auth).get_visible_or_404(request.auth, pk=plan_id)


@router.post("/plans", response={201: PlanOut}, summary="制定抽查计划", url_name="randominspections_create_plan")
def create_plan(request, payload: PlanIn):
    require_writer(request.auth)
    fields = payload.dict()
    ids = fields.pop("item_ids")
    items = list(InspectionItem.objects.visible_to(request.auth).filter(pk__in=ids))
    if len(items) != len(set(ids)):
        raise Http404
    return Status(201, services.create_plan(actor=request.auth, items=items, **fields))


def _plan_for_change(user, plan_id: int) -> InspectionPlan:
    require_writer(user)
    return InspectionPlan.objects.get_visible_or_404(user, CHANGE, pk=plan_id)


@router.post("/plans/{plan_id}/commit", response=PlanOut, summary="公布抽取输入和随机种子哈希",
             url_name="randominspections_commit_draw")
def commit_draw(request, plan_id: int):
    return services.commit_draw(actor=request.auth, plan=_plan_for_change(request.auth, plan_id))


@router.post("/plans/{plan_id}/draw", response=PlanOut, summary="抽取并公开随机种子",
             url_name="randominspections_perform_draw")
def perform_draw(request, plan_id: int):
    return services.perform_draw(actor=request.auth, plan=_plan_for_change(request.auth, plan_id))


@router.get("/plans/{plan_id}/verify", response=VerifyOut, summary="由公开输入重算抽取结果",
            url_name="randominspections_verify_draw")
def verify_draw(request, plan_id: int):
    problems = services.verify_plan(_plans(request.auth).get_visible_or_404(request.auth, pk=plan_id))
    return {"agrees": not problems, "problems": problems}


@router.get("/plans/{plan_id}/results", response=list[ResultOut], summary="抽查结果",
            url_name="randominspections_list_results")
def list_results(request, plan_id: int):
    plan = _plans(request.auth).get_visible_or_404(request.auth, pk=plan_id)
    return plan.results.prefetch_related("inspectors").order_by("pk")


@router.post("/results/{result_id}", response=ResultOut, summary="录入检查结果",
             url_name="randominspections_enter_result")
def enter_result(request, result_id: int, payload: ResultIn):
    require_writer(request.auth)
    result = InspectionResult.objects.get_visible_or_404(request.auth, CHANGE, pk=result_id)
    data = payload.dict()
    data["outcome"] = getattr(data["outcome"], "value", data["outcome"])
    return services.enter_result(actor=request.auth, result=result, **data)


@router.post("/results/{result_id}/publish", response=ResultOut, summary="公示检查结果",
             url_name="randominspections_publish_result")
def publish_result(request, result_id: int, payload: PublishIn):
    require_writer(request.auth)
    result = InspectionResult.objects.get_visible_or_404(request.auth, CHANGE, pk=result_id)
    return services.publish_result(actor=request.auth, result=result, on=payload.on)
