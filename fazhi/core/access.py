"""The one access layer: who may see or change which records.

Every model that holds records declares how it hangs in the organisation tree:

    class Thing(AuditedModel):
        unit = models.ForeignKey("core.Unit", ...)
        access_anchor = "unit"                      # path to the owning Unit
        writer_roles = {Role.COORDINATOR, ...}      # who may change it (default: all but leader)
        objects = AccessQuerySet.as_manager()

and is fetched only through `Thing.objects.visible_to(user, action)`. A user's grants come from
their role assignments; each grant has a scope: their own unit, their unit's subtree, or the region
subtree of their unit's region. Missing and forbidden look the same to callers (empty / 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    COORDINATOR = "coordinator", _("依法治市办协调员")
    REVIEWER = "reviewer", _("司法局审核人员")
    LEGAL_OFFICER = "legal_officer", _("部门法制员")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执法人员")
    MEDIATOR = "mediator", _("调解员")
    INSPECTOR = "inspector", _("督察人员")
    LEADER = "leader", _("领导（只读）")


class Scope(models.TextChoices):
    UNIT = "unit", _("本单位")
    UNIT_SUBTREE = "unit_subtree", _("本单位及下属单位")
    REGION_SUBTREE = "region_subtree", _("本区划及下级区划")


DEFAULT_SCOPE = {
    Role.ADMIN: Scope.REGION_SUBTREE,
    Role.COORDINATOR: Scope.REGION_SUBTREE,
    Role.REVIEWER: Scope.REGION_SUBTREE,
    Role.LEGAL_OFFICER: Scope.UNIT_SUBTREE,
    Role.ENFORCEMENT_OFFICER: Scope.UNIT,
    Role.MEDIATOR: Scope.UNIT,
    Role.INSPECTOR: Scope.REGION_SUBTREE,
    Role.LEADER: Scope.REGION_SUBTREE,
}

READ_ONLY_ROLES = frozenset({Role.LEADER})
ALL_WRITER_ROLES = frozenset(set(Role) - READ_ONLY_ROLES)

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class Grant:
    role: str
    scope: str
    unit_id: int
    unit_path: str
    region_prefix: str


class SystemActor:
    """Commands and jobs act as the system: they see everything. Never a web request."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_system = True
    pk = None
    id = None
    username = "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def grants_of(user: Any) -> list[Grant]:
    """The user's grants, loaded once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    cached = getattr(user, "_fazhi_grants", None)
    if cached is not None:
        return cached
    from fazhi.core.models import RoleAssignment

    rows = RoleAssignment.objects.filter(user=user).select_related("unit")
    grants = [
        Grant(
            role=r.role,
            scope=r.scope,
            unit_id=r.unit_id,
            unit_path=r.unit.path,
            region_prefix=r.unit.region_prefix,
        )
        for r in rows
    ]
    user._fazhi_grants = grants
    return grants


def is_unrestricted(user: Any) -> bool:
    return bool(getattr(user, "is_system", False) or (getattr(user, "is_superuser", False)
                                                        and getattr(user, "is_active", False)))


def roles_of(user: Any) -> set[str]:
    return {g.role for g in grants_of(user)}


def can_write(user: Any) -> bool:
    """Whether the user holds any role that may change records at all (a leader may not)."""
    return is_unrestricted(user) or bool(roles_of(user) & ALL_WRITER_ROLES)


def _anchor(prefix: str, field: str) -> str:
    return f"{prefix}__{field}" if prefix else field


def grant_q(grant: Grant, anchor: str) -> Q:
    """Records owned by a unit within the grant's scope. `anchor` is the path to the Unit ('' = self)."""
    if grant.scope == Scope.UNIT:
        return Q(**{f"{anchor}_id" if anchor else "pk": grant.unit_id})
    if grant.scope == Scope.UNIT_SUBTREE:
        return Q(**{_anchor(anchor, "path__startswith"): grant.unit_path})
    return Q(**{_anchor(anchor, "region__code__startswith"): grant.region_prefix})


def access_q(user: Any, model: type[models.Model], action: str = VIEW) -> Q | None:
    """A filter for the records the user may see (action=view) or change (action=change).

    None means "everything"; an impossible Q means nothing.
    """
    if is_unrestricted(user):
        return None
    grants = grants_of(user)
    if action != VIEW:
        writers = getattr(model, "writer_roles", ALL_WRITER_ROLES)
        grants = [g for g in grants if g.role in writers and g.role not in READ_ONLY_ROLES]
    custom = getattr(model, "access_filter", None)
    q = Q(pk__in=[])
    for grant in grants:
        q |= custom(grant, action) if custom else grant_q(grant, model.access_anchor)
    return q


def writable_regions_q(user: Any, model: type[models.Model]) -> Q | None:
    """Regions in which the user may create records of `model` (by the region subtrees of their writer grants)."""
    if is_unrestricted(user):
        return None
    writers = getattr(model, "writer_roles", ALL_WRITER_ROLES)
    q = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in writers and grant.role not in READ_ONLY_ROLES:
            q |= Q(code__startswith=grant.region_prefix)
    return q


def writable_units(user: Any, roles: frozenset[str]) -> models.QuerySet:
    """Units in whose name the user may create records kept by `roles` (the scopes of their writer
    grants of those roles; all units for an administrator or SYSTEM)."""
    from fazhi.core.models import Unit

    if is_unrestricted(user):
        return Unit.objects.all()
    q = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in roles and grant.role not in READ_ONLY_ROLES:
            q |= grant_q(grant, "")
    return Unit.objects.filter(q)


class AccessQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = VIEW) -> AccessQuerySet:
        q = access_q(user, self.model, action)
        return self if q is None else self.filter(q)

    def get_visible_or_404(self, user: Any, action: str = VIEW, **lookup: Any) -> models.Model:
        try:
            return self.visible_to(user, action).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None


def require_writer(user: Any) -> None:
    """Raise 404 for users who can change nothing (leaders): write pages do not exist for them."""
    if not can_write(user):
        raise Http404
