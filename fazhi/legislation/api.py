"""API of local legislation (/api/v1/legislation/): projects, contact points, opinions."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import require_writer
from fazhi.legislation import selectors, services
from fazhi.legislation.filters import OpinionFilter, PointFilter, ProjectFilter
from fazhi.legislation.models import (
    SUBMITTER_MAX,
    Adoption,
    ContactPoint,
    LegislativeProject,
    Opinion,
)

router = Router(tags=["legislation"])


class ProjectOut(Schema):
    id: int
    title: str
    plan_id: int
    plan: str
    plan_year: int
    category: str
    category_label: str
    kind: str
    kind_label: str
    responsible_unit_id: int
    responsible_unit: str
    drafting_unit_id: int | None
    status: str
    status_label: str
    passed_on: datetime.date | None
    approved_on: datetime.date | None
    published_on: datetime.date | None
    effective_on: datetime.date | None

    @staticmethod
    def resolve_plan(obj: LegislativeProject) -> str:
        return obj.plan.title

    @staticmethod
    def resolve_plan_year(obj: LegislativeProject) -> int:
        return obj.plan.year

    @staticmethod
    def resolve_category_label(obj: LegislativeProject) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_kind_label(obj: LegislativeProject) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_responsible_unit(obj: LegislativeProject) -> str:
        return obj.responsible_unit.name

    @staticmethod
    def resolve_status_label(obj: LegislativeProject) -> str:
        return str(obj.get_status_display())


class PointOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    host_unit_id: int
    host_unit: str
    host_type: str
    parent_id: int | None
    region_code: str
    region: str
    address: str
    phone: str
    staff_count: int
    collector_count: int
    established_on: datetime.date | None
    active: bool

    @staticmethod
    def resolve_kind_label(obj: ContactPoint) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_host_unit(obj: ContactPoint) -> str:
        return obj.host_unit.name

    @staticmethod
    def resolve_region_code(obj: ContactPoint) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region(obj: ContactPoint) -> str:
        return obj.region.name


class OpinionOut(Schema):
    id: int
    project_id: int
    project: str
    contact_point_id: int
    contact_point: str
    received_on: datetime.date
    submitter: str
    content: str
    adoption: str
    adoption_label: str
    response: str

    @staticmethod
    def resolve_project(obj: Opinion) -> str:
        return obj.project.title

    @staticmethod
    def resolve_contact_point(obj: Opinion) -> str:
        return obj.contact_point.name

    @staticmethod
    def resolve_adoption_label(obj: Opinion) -> str:
        return str(obj.get_adoption_display())


class OpinionIn(Schema):
    project_id: int
    contact_point_id: int
    received_on: datetime.date
    submitter: str = Field("", description=f"意见提出人（可不填，最多{SUBMITTER_MAX}字）")
    content: str
    adoption: Adoption = Adoption.PENDING
    response: str = ""


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _projects(user):
    return LegislativeProject.objects.visible_to(user).select_related("plan", "responsible_unit")


def _points(user):
    return ContactPoint.objects.visible_to(user).select_related("host_unit", "region")


def _opinions(user):
    return Opinion.objects.visible_to(user).select_related("project", "contact_point")


@router.get("/projects", response=list[ProjectOut], summary="可见的立法项目")
@paginate(PageNumberPagination, page_size=50)
def list_projects(request, q: str | None = None, year: int | None = None, status: str | None = None,
                  category: str | None = None, kind: str | None = None, responsible_unit: int | None = None,
                  plan: int | None = None):
    data = {"q": q, "year": year, "status": status, "category": category, "kind": kind,
            "responsible_unit": responsible_unit, "plan": plan}
    return _filtered(ProjectFilter, data, _projects(request.auth), request.auth).order_by("-plan__year", "pk")


@router.get("/projects/{project_id}", response=ProjectOut, summary="立法项目详情")
def get_project(request, project_id: int):
    return _projects(request.auth).get_visible_or_404(request.auth, pk=project_id)


@router.get("/contact-points", response=list[PointOut], summary="可见的基层立法联系点和信息采集点")
@paginate(PageNumberPagination, page_size=50)
def list_points(request, q: str | None = None, kind: str | None = None, host_type: str | None = None,
                active: bool | None = None, region: str | None = None):
    data = {"q": q, "kind": kind, "host_type": host_type, "region": region,
            "active": None if active is None else str(active).lower()}
    return _filtered(PointFilter, data, _points(request.auth), request.auth).order_by("kind", "region_id", "pk")


@router.get("/contact-points/{contact_point_id}", response=PointOut, summary="联系点（采集点）详情")
def get_point(request, contact_point_id: int):
    return _points(request.auth).get_visible_or_404(request.auth, pk=contact_point_id)


@router.get("/opinions", response=list[OpinionOut], summary="可见的立法意见建议")
@paginate(PageNumberPagination, page_size=50)
def list_opinions(request, q: str | None = None, project: int | None = None, contact_point: int | None = None,
                  adoption: str | None = None, year: int | None = None):
    data = {"q": q, "project": project, "contact_point": contact_point, "adoption": adoption, "year": year}
    return _filtered(OpinionFilter, data, _opinions(request.auth), request.auth).order_by("-received_on", "-pk")


@router.get("/opinions/{opinion_id}", response=OpinionOut, summary="立法意见建议详情")
def get_opinion(request, opinion_id: int):
    return _opinions(request.auth).get_visible_or_404(request.auth, pk=opinion_id)


@router.post("/opinions", response={201: OpinionOut}, summary="登记基层立法联系点收集的意见建议")
def create_opinion(request, payload: OpinionIn):
    require_writer(request.auth)
    fields = payload.dict()
    project = selectors.known_projects(request.auth).filter(pk=fields.pop("project_id")).first()
    point = ContactPoint.objects.visible_to(request.auth).filter(pk=fields.pop("contact_point_id")).first()
    if project is None or point is None:
        raise Http404
    fields["adoption"] = Adoption(fields["adoption"]).value
    return Status(201, services.create_opinion(actor=request.auth, project=project, contact_point=point, **fields))
