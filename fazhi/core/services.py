"""Writes to the organisation tree. Each is atomic and audited (AuditedModel writes the event)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core.access import DEFAULT_SCOPE, Role
from fazhi.core.audit import acting_as
from fazhi.core.models import Region, RoleAssignment, Unit, User


def save_region(*, actor: Any, region: Region, validate: bool = True) -> Region:
    """Save a region; `validate=False` when a RegionForm has just validated it."""
    if validate:
        region.full_clean()
    # Validation happens before the transaction, so a refused save never poisons the caller's one.
    with transaction.atomic(savepoint=False), acting_as(actor):
        # The code is the key and set by the caller: a new region is an INSERT, not UPDATE-then-INSERT.
        region.save(force_insert=region._state.adding)
    return region


def save_unit(*, actor: Any, unit: Unit, validate: bool = True) -> Unit:
    """Save a unit; `validate=False` when a UnitForm has just validated it."""
    if validate:
        unit.full_clean()
    with transaction.atomic(savepoint=False), acting_as(actor):
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
