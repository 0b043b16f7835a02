"""Writes to the organisation tree. Each is atomic and audited (AuditedModel writes the event)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core.access import DEFAULT_SCOPE, Role
from fazhi.core.audit import acting_as
from fazhi.core.models import Region, RoleAssignment, Unit, User


@transaction.atomic
def save_region(*, actor: Any, region: Region) -> Region:
    with acting_as(actor):
        region.full_clean()
        region.save()
    return region


@transaction.atomic
def save_unit(*, actor: Any, unit: Unit) -> Unit:
    with acting_as(actor):
        unit.full_clean()
        unit.save()
    return unit


@transaction.atomic
def save_staff(*, actor: Any, user: User, password: str = "", role: str = "", scope: str = "") -> User:
    """Create or update a staff user; with `role`, make sure they hold it in their unit."""
    with acting_as(actor):
        if password:
            user.set_password(password)
        user.save()
        if role:
            assign_role(actor=actor, user=user, role=role, scope=scope)
    return user


@transaction.atomic
def assign_role(*, actor: Any, user: User, role: str, scope: str = "", unit: Unit | None = None) -> RoleAssignment:
    unit = unit or user.unit
    with acting_as(actor):
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, unit=unit, defaults={"scope": scope or DEFAULT_SCOPE[Role(role)]})
        if not created and scope and assignment.scope != scope:
            assignment.scope = scope
            assignment.save()
    user._fazhi_grants = None
    return assignment


@transaction.atomic
def remove_role(*, actor: Any, assignment: RoleAssignment) -> None:
    with acting_as(actor):
        assignment.delete()
