"""Core API routes (mounted at /api/v1/): regions, units, staff (read-only), the caller, API tokens.

Every record comes through `visible_to(request.auth)`: what the caller may not see answers 404 on
detail routes and is simply absent from lists.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django_filters import FilterSet
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.auth import SessionAuth
from fazhi.api.base import PAGE_SIZE, PageNumberPagination
from fazhi.core import regions
from fazhi.core.access import Role, Scope, can_write, grants_of, is_unrestricted
from fazhi.core.filters import RegionFilter, UnitFilter, UserFilter
from fazhi.core.models import ApiToken, Region, RoleAssignment, Unit, UnitType, User
from fazhi.core.tokens import create_token, revoke_token

router = Router(tags=["core"])


# --- schemas ------------------------------------------------------------------------------------

class RegionOut(Schema):
    code: str = Field(..., title="区划代码", description="GB/T 2260 代码（乡级9位、村级12位）")
    name: str = Field(..., title="名称")
    level: int = Field(..., title="级别", description="1 省级、2 市级、3 县级、4 乡级、5 村级")
    level_label: str = Field(..., title="级别名称")
    parent: str | None = Field(None, title="上级区划代码")

    @staticmethod
    def resolve_level_label(obj: Region) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent_id


class UnitOut(Schema):
    id: int = Field(..., title="编号")
    name: str = Field(..., title="单位名称")
    short_name: str = Field("", title="简称")
    unit_type: UnitType = Field(..., title="单位类型")
    unit_type_label: str = Field(..., title="单位类型名称")
    region: str = Field(..., title="所属区划代码")
    region_name: str = Field(..., title="所属区划名称")
    parent: int | None = Field(None, title="上级单位编号")
    parent_name: str | None = Field(None, title="上级单位名称")
    credit_code: str | None = Field(None, title="统一社会信用代码")
    is_active: bool = Field(..., title="有效")
    created_at: datetime = Field(..., title="创建时间")

    @staticmethod
    def resolve_unit_type_label(obj: Unit) -> str:
        return str(obj.get_unit_type_display())

    @staticmethod
    def resolve_region(obj: Unit) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Unit) -> str:
        return obj.region.name

    @staticmethod
    def resolve_parent(obj: Unit) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_parent_name(obj: Unit) -> str | None:
        return obj.parent.name if obj.parent_id else None


class RoleOut(Schema):
    role: Role = Field(..., title="角色")
    role_label: str = Field(..., title="角色名称")
    scope: Scope = Field(..., title="范围")
    scope_label: str = Field(..., title="范围名称")
    unit: int = Field(..., title="所在单位编号")

    @staticmethod
    def resolve_role_label(obj: RoleAssignment) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_scope_label(obj: RoleAssignment) -> str:
        return str(obj.get_scope_display())

    @staticmethod
    def resolve_unit(obj: RoleAssignment) -> int:
        return obj.unit_id


class UserOut(Schema):
    """工作人员（只读；不含密码和联系方式）"""

    id: int = Field(..., title="编号")
    username: str = Field(..., title="用户名")
    full_name: str = Field("", title="姓名")
    unit: int | None = Field(None, title="所属单位编号")
    unit_name: str | None = Field(None, title="所属单位名称")
    is_active: bool = Field(..., title="有效")
    roles: list[RoleOut] = Field(default_factory=list, title="角色")

    @staticmethod
    def resolve_unit(obj: User) -> int | None:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: User) -> str | None:
        return obj.unit.name if obj.unit_id else None

    @staticmethod
    def resolve_roles(obj: User) -> list[RoleAssignment]:
        return list(obj.roles.all())


class GrantOut(Schema):
    role: Role = Field(..., title="角色")
    scope: Scope = Field(..., title="范围")
    unit: int = Field(..., title="所在单位编号")
    region_prefix: str = Field(..., title="所及区划代码前缀", description="可见记录所属区划代码均以此开头")

    @staticmethod
    def resolve_unit(obj) -> int:
        return obj.unit_id


class MeOut(UserOut):
    is_superuser: bool = Field(..., title="超级管理员")
    can_write: bool = Field(..., title="可修改记录", description="领导（只读）角色为 false")
    scopes: list[GrantOut] = Field(default_factory=list, title="权限范围")

    @staticmethod
    def resolve_is_superuser(obj: User) -> bool:
        return is_unrestricted(obj)

    @staticmethod
    def resolve_can_write(obj: User) -> bool:
        return can_write(obj)

    @staticmethod
    def resolve_scopes(obj: User) -> list:
        return grants_of(obj)


class TokenOut(Schema):
    """接口令牌（令牌本身只在创建时返回一次）"""

    id: int = Field(..., title="编号")
    name: str = Field(..., title="用途")
    key_prefix: str = Field(..., title="令牌前缀")
    created_at: datetime = Field(..., title="创建时间")
    last_used_at: datetime | None = Field(None, title="最近使用")
    revoked_at: datetime | None = Field(None, title="撤销时间")


class TokenCreated(TokenOut):
    key: str = Field(..., title="令牌", description="只在创建时返回一次，请立即保存")


class TokenIn(Schema):
    name: str = Field(..., title="用途", max_length=100)


class RegionFilters(Schema):
    level: int | None = Field(None, ge=1, le=5, title="级别", description="1 省级 … 5 村级")
    parent: str | None = Field(None, title="上级区划代码")
    q: str | None = Field(None, title="名称包含（或代码开头）")
    code: str | None = Field(None, title="区划代码前缀")


class UnitFilters(Schema):
    region: str | None = Field(None, title="区划代码", description="该区划及其下级区划的单位")
    unit_type: UnitType | None = Field(None, title="单位类型")
    q: str | None = Field(None, title="名称包含（或信用代码）")
    parent: int | None = Field(None, title="上级单位编号")
    is_active: bool | None = Field(None, title="有效")


class UserFilters(Schema):
    unit: int | None = Field(None, title="所属单位编号")
    role: Role | None = Field(None, title="角色")
    q: str | None = Field(None, title="姓名或用户名包含")
    region: str | None = Field(None, title="区划代码", description="所属单位在该区划及其下级区划的工作人员")
    is_active: bool | None = Field(None, title="有效")


def _region_code(field: str, code: str) -> str:
    code = code.strip()
    if regions.level_of(code) is None:
        raise ValidationError({field: gettext("区划代码“%(code)s”格式不对：应为6、9或12位数字。") % {"code": code}})
    return code


def _apply(filterset_class: type[FilterSet], qs: QuerySet, filters: Schema, fields: list[str]) -> QuerySet:
    """Apply the model's shared FilterSet (fazhi.core.filters) for the parameters it knows."""
    data = {}
    for name in fields:
        value = getattr(filters, name)
        if isinstance(value, bool):
            value = "true" if value else "false"  # the filter sets' yes/no choices
        elif isinstance(value, str):
            value = value.strip()
        if value is not None and value != "":
            data[name] = value
    filterset = filterset_class(data, queryset=qs)
    if not filterset.is_valid():
        raise ValidationError(filterset.form.errors.as_data())
    return filterset.qs


# --- regions ------------------------------------------------------------------------------------

@router.get("/regions", response=list[RegionOut], summary="行政区划列表")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_regions(request: HttpRequest, filters: Query[RegionFilters]):
    qs = _apply(RegionFilter, Region.objects.visible_to(request.auth), filters, ["q", "level"])
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent.strip())
    if filters.code:
        qs = qs.filter(code__startswith=filters.code.strip())
    return qs.order_by("code")


@router.get("/regions/{code}", response=RegionOut, summary="行政区划")
def get_region(request: HttpRequest, code: str):
    if regions.level_of(code) is None:
        raise Http404  # not a region code (e.g. a NUL byte, which PostgreSQL cannot even compare)
    return Region.objects.get_visible_or_404(request.auth, code=code)


# --- units --------------------------------------------------------------------------------------

@router.get("/units", response=list[UnitOut], summary="单位列表")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_units(request: HttpRequest, filters: Query[UnitFilters]):
    if filters.region:
        filters.region = _region_code("region", filters.region)
    qs = Unit.objects.visible_to(request.auth).select_related("region", "parent")
    qs = _apply(UnitFilter, qs, filters, ["q", "unit_type", "region", "is_active"])
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    return qs.order_by("region_id", "name", "pk")


@router.get("/units/{unit_id}", response=UnitOut, summary="单位")
def get_unit(request: HttpRequest, unit_id: int):
    return Unit.objects.select_related("region", "parent").get_visible_or_404(request.auth, pk=unit_id)


# --- users --------------------------------------------------------------------------------------

def _users(user):
    # Roles are records too: only the assignments the caller may see are listed.
    roles = RoleAssignment.objects.visible_to(user).order_by("pk")
    return User.objects.select_related("unit").prefetch_related(Prefetch("roles", queryset=roles))


@router.get("/users", response=list[UserOut], summary="工作人员列表（只读）")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_users(request: HttpRequest, filters: Query[UserFilters]):
    if filters.region:
        filters.region = _region_code("region", filters.region)
    qs = _apply(UserFilter, _users(request.auth).visible_to(request.auth), filters,
                ["q", "role", "region", "is_active"])
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    return qs.order_by("username")


@router.get("/users/{user_id}", response=UserOut, summary="工作人员（只读）")
def get_user(request: HttpRequest, user_id: int):
    return _users(request.auth).get_visible_or_404(request.auth, pk=user_id)


@router.get("/me", response=MeOut, summary="当前用户及其权限范围")
def me(request: HttpRequest):
    user = request.auth
    row = User.objects.select_related("unit").prefetch_related("roles").get(pk=user.pk)
    row._fazhi_grants = grants_of(user)  # the caller's grants, loaded once per request user
    return row


# --- tokens -------------------------------------------------------------------------------------
# Tokens are personal: the list and revocation only ever reach the caller's own rows (ApiToken's
# access filter hides them from everyone else), so these routes select by owner.

@router.get("/tokens", response=list[TokenOut], summary="我的接口令牌")
def list_tokens(request: HttpRequest):
    return list(ApiToken.objects.filter(user=request.auth).order_by("-created_at", "-pk"))


# Session only: a leaked token must not be able to mint tokens that outlive its revocation.
@router.post("/tokens", response={201: TokenCreated}, auth=SessionAuth(), summary="创建接口令牌（令牌只显示一次）")
def post_token(request: HttpRequest, payload: TokenIn):
    token, key = create_token(user=request.auth, name=payload.name)
    token.key = key
    return Status(201, token)


@router.delete("/tokens/{token_id}", response=TokenOut, summary="撤销接口令牌")
def delete_token(request: HttpRequest, token_id: int):
    token = ApiToken.objects.filter(user=request.auth, pk=token_id).first()
    if token is None:
        raise Http404
    return revoke_token(user=request.auth, token=token)
