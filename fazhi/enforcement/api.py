"""API of administrative enforcement (/api/v1/enforcement/): bodies, officers, items, township teams.

Operations are named `enforcement_…` (route names api:enforcement_…). ID numbers are never returned
whole: `id_number_masked` only.
"""

import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.enforcement import services
from fazhi.enforcement.filters import BodyFilter, ItemFilter, OfficerFilter, TeamFilter
from fazhi.enforcement.models import (
    BodyKind,
    EnforcementBody,
    EnforcementField,
    EnforcementItem,
    EnforcementOfficer,
    ItemStatus,
    ItemType,
    OfficerStatus,
    TownshipTeam,
    join_fields,
)
from fazhi.procedures import clock

router = Router(tags=["enforcement"])


class BodyOut(Schema):
    id: int
    unit_id: int
    name: str
    region_code: str
    kind: str
    kind_label: str
    legal_basis: str
    enforcement_fields: list[str]
    fields_label: str
    entrusting_body_id: int | None
    entrustment_document: str
    entrusted_on: datetime.date | None
    published_on: datetime.date | None
    active: bool

    @staticmethod
    def resolve_name(obj: EnforcementBody) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_region_code(obj: EnforcementBody) -> str:
        return obj.region_id

    @staticmethod
    def resolve_kind_label(obj: EnforcementBody) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_enforcement_fields(obj: EnforcementBody) -> list[str]:
        return obj.field_list

    @staticmethod
    def resolve_fields_label(obj: EnforcementBody) -> str:
        return obj.get_fields_display()


class BodyIn(Schema):
    unit_id: int
    kind: BodyKind = BodyKind.ORGAN
    legal_basis: str
    enforcement_fields: list[EnforcementField]
    entrusting_body_id: int | None = None
    entrustment_document: str = ""
    entrusted_on: datetime.date | None = None
    published_on: datetime.date | None = None
    active: bool = True
    notes: str = ""


class OfficerOut(Schema):
    id: int
    name: str
    id_number_masked: str
    body_id: int
    body: str
    certificate_number: str
    field: str
    field_label: str
    issued_on: datetime.date
    expires_on: datetime.date
    certificate_valid: bool
    legal_qualification: bool
    status: str
    status_label: str
    team_id: int | None

    @staticmethod
    def resolve_id_number_masked(obj: EnforcementOfficer) -> str:
        return obj.masked_id_number

    @staticmethod
    def resolve_body(obj: EnforcementOfficer) -> str:
        return obj.body.unit.name

    @staticmethod
    def resolve_field_label(obj: EnforcementOfficer) -> str:
        return str(obj.get_field_display())

    @staticmethod
    def resolve_certificate_valid(obj: EnforcementOfficer) -> bool:
        return obj.certificate_valid_on(clock.today())

    @staticmethod
    def resolve_status_label(obj: EnforcementOfficer) -> str:
        return str(obj.get_status_display())


class OfficerIn(Schema):
    name: str
    id_number: str
    body_id: int
    certificate_number: str
    field: EnforcementField
    issued_on: datetime.date
    expires_on: datetime.date
    legal_qualification: bool = False
    status: OfficerStatus = OfficerStatus.ACTIVE
    team_id: int | None = None


class ItemOut(Schema):
    id: int
    code: str
    name: str
    item_type: str
    item_type_label: str
    field: str
    legal_basis: str
    body_id: int
    body: str
    empowered_to_townships: bool
    status: str
    status_label: str
    cancelled_on: datetime.date | None
    cancellation_document: str

    @staticmethod
    def resolve_item_type_label(obj: EnforcementItem) -> str:
        return str(obj.get_item_type_display())

    @staticmethod
    def resolve_body(obj: EnforcementItem) -> str:
        return obj.body.unit.name

    @staticmethod
    def resolve_status_label(obj: EnforcementItem) -> str:
        return str(obj.get_status_display())


class ItemIn(Schema):
    code: str
    name: str
    item_type: ItemType
    field: EnforcementField
    legal_basis: str
    body_id: int
    empowered_to_townships: bool = False
    status: ItemStatus = ItemStatus.ACTIVE
    cancelled_on: datetime.date | None = None
    cancellation_document: str = ""


class TeamOut(Schema):
    id: int
    township_id: int
    township: str
    name: str
    posts: int
    officer_count: int
    established_on: datetime.date | None

    @staticmethod
    def resolve_township(obj: TownshipTeam) -> str:
        return obj.township.name

    @staticmethod
    def resolve_officer_count(obj: TownshipTeam) -> int:
        return getattr(obj, "officer_count", None) or obj.officers.filter(status=OfficerStatus.ACTIVE).count()


class TeamIn(Schema):
    township_id: int
    name: str
    posts: int = 0
    established_on: datetime.date | None = None
    notes: str = ""


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _values(payload: Schema) -> dict:
    """Enum members as their stored values."""
    return {k: getattr(v, "value", v) for k, v in payload.dict().items()}


def _bodies(user):
    return EnforcementBody.objects.visible_to(user).select_related("unit")


def _officers(user):
    return EnforcementOfficer.objects.visible_to(user).select_related("body__unit")


def _items(user):
    return EnforcementItem.objects.visible_to(user).select_related("body__unit")


def _teams(user):
    from django.db.models import Count, Q

    return (TownshipTeam.objects.visible_to(user).select_related("township")
            .annotate(officer_count=Count("officers", filter=Q(officers__status=OfficerStatus.ACTIVE))))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()


# ---- bodies -----------------------------------------------------------------------------------------


@router.get("/bodies", response=list[BodyOut], summary="可见的行政执法主体", url_name="enforcement_list_bodies")
@paginate(PageNumberPagination, page_size=50)
def list_bodies(request, q: str | None = None, kind: str | None = None, field: str | None = None,
                region: str | None = None, active: bool | None = None):
    data = {"q": q, "kind": kind, "field": field, "region": region, "active": _yes_no(active)}
    return _filtered(BodyFilter, data, _bodies(request.auth), request.auth).order_by("region_id", "pk")


@router.get("/bodies/{body_id}", response=BodyOut, summary="行政执法主体详情", url_name="enforcement_get_body")
def get_body(request, body_id: int):
    return _bodies(request.auth).get_visible_or_404(request.auth, pk=body_id)


@router.post("/bodies", response={201: BodyOut}, summary="登记行政执法主体", url_name="enforcement_create_body")
def create_body(request, payload: BodyIn):
    require_writer(request.auth)
    fields = _values(payload)
    fields["enforcement_fields"] = join_fields(fields["enforcement_fields"])
    return Status(201, services.create_body(actor=request.auth, **fields))


@router.put("/bodies/{body_id}", response=BodyOut, summary="修改行政执法主体", url_name="enforcement_update_body")
def update_body(request, body_id: int, payload: BodyIn):
    require_writer(request.auth)
    body = EnforcementBody.objects.get_visible_or_404(request.auth, CHANGE, pk=body_id)
    fields = _values(payload)
    fields["enforcement_fields"] = join_fields(fields["enforcement_fields"])
    for name, value in fields.items():
        setattr(body, name, value)
    return services.save_body(actor=request.auth, body=body)


# ---- officers ---------------------------------------------------------------------------------------


@router.get("/officers", response=list[OfficerOut], summary="可见的行政执法人员", url_name="enforcement_list_officers")
@paginate(PageNumberPagination, page_size=50)
def list_officers(request, q: str | None = None, body: int | None = None, field: str | None = None,
                  certificate: str | None = None, status: str | None = None,
                  legal_qualification: bool | None = None, region: str | None = None):
    data = {"q": q, "body": body, "field": field, "certificate": certificate, "status": status,
            "legal_qualification": _yes_no(legal_qualification), "region": region}
    return _filtered(OfficerFilter, data, _officers(request.auth), request.auth).order_by("name", "pk")


@router.get("/officers/{officer_id}", response=OfficerOut, summary="行政执法人员详情",
            url_name="enforcement_get_officer")
def get_officer(request, officer_id: int):
    return _officers(request.auth).get_visible_or_404(request.auth, pk=officer_id)


@router.post("/officers", response={201: OfficerOut}, summary="登记行政执法人员", url_name="enforcement_create_officer")
def create_officer(request, payload: OfficerIn):
    require_writer(request.auth)
    return Status(201, services.create_officer(actor=request.auth, **_values(payload)))


@router.put("/officers/{officer_id}", response=OfficerOut, summary="修改行政执法人员",
            url_name="enforcement_update_officer")
def update_officer(request, officer_id: int, payload: OfficerIn):
    require_writer(request.auth)
    officer = EnforcementOfficer.objects.get_visible_or_404(request.auth, CHANGE, pk=officer_id)
    for name, value in _values(payload).items():
        setattr(officer, name, value)
    return services.save_officer(actor=request.auth, officer=officer)


# ---- items ------------------------------------------------------------------------------------------


@router.get("/items", response=list[ItemOut], summary="可见的行政执法事项", url_name="enforcement_list_items")
@paginate(PageNumberPagination, page_size=50)
def list_items(request, q: str | None = None, item_type: str | None = None, field: str | None = None,
               body: int | None = None, status: str | None = None, empowered_to_townships: bool | None = None,
               region: str | None = None):
    data = {"q": q, "item_type": item_type, "field": field, "body": body, "status": status,
            "empowered_to_townships": _yes_no(empowered_to_townships), "region": region}
    return _filtered(ItemFilter, data, _items(request.auth), request.auth).order_by("body_id", "code", "pk")


@router.get("/items/{item_id}", response=ItemOut, summary="行政执法事项详情", url_name="enforcement_get_item")
def get_item(request, item_id: int):
    return _items(request.auth).get_visible_or_404(request.auth, pk=item_id)


@router.post("/items", response={201: ItemOut}, summary="新增行政执法事项", url_name="enforcement_create_item")
def create_item(request, payload: ItemIn):
    require_writer(request.auth)
    return Status(201, services.create_item(actor=request.auth, **_values(payload)))


@router.put("/items/{item_id}", response=ItemOut, summary="修改行政执法事项", url_name="enforcement_update_item")
def update_item(request, item_id: int, payload: ItemIn):
    require_writer(request.auth)
    item = EnforcementItem.objects.get_visible_or_404(request.auth, CHANGE, pk=item_id)
    for name, value in _values(payload).items():
        setattr(item, name, value)
    return services.save_item(actor=request.auth, item=item)


# ---- township teams ---------------------------------------------------------------------------------


@router.get("/teams", response=list[TeamOut], summary="可见的乡镇（街道）综合行政执法队伍",
            url_name="enforcement_list_teams")
@paginate(PageNumberPagination, page_size=50)
def list_teams(request, q: str | None = None, region: str | None = None):
    return _filtered(TeamFilter, {"q": q, "region": region}, _teams(request.auth), request.auth).order_by(
        "township__region_id", "pk")


@router.get("/teams/{team_id}", response=TeamOut, summary="综合行政执法队伍详情", url_name="enforcement_get_team")
def get_team(request, team_id: int):
    return _teams(request.auth).get_visible_or_404(request.auth, pk=team_id)


@router.post("/teams", response={201: TeamOut}, summary="登记综合行政执法队伍", url_name="enforcement_create_team")
def create_team(request, payload: TeamIn):
    require_writer(request.auth)
    return Status(201, services.create_team(actor=request.auth, **_values(payload)))


@router.put("/teams/{team_id}", response=TeamOut, summary="修改综合行政执法队伍", url_name="enforcement_update_team")
def update_team(request, team_id: int, payload: TeamIn):
    require_writer(request.auth)
    team = TownshipTeam.objects.get_visible_or_404(request.auth, CHANGE, pk=team_id)
    for name, value in _values(payload).items():
        setattr(team, name, value)
    return services.save_team(actor=request.auth, team=team)

