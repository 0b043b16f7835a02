"""Writes on enforcement bodies, officers, items, teams and empowerments: keyword-only, typed,
validated (full_clean), atomic and audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field. A failed call changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core.access import CHANGE, READ_ONLY_ROLES, grant_q, grants_of, is_unrestricted
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit, UnitType
from fazhi.enforcement.models import (
    KEEPERS,
    MANAGERS,
    Empowerment,
    EnforcementBody,
    EnforcementItem,
    EnforcementOfficer,
    OfficerStatus,
    TownshipTeam,
)
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline
from fazhi.procedures.services import start_deadline, stop_deadline


def _grants_q(user: Any, roles: frozenset[str], anchor: str) -> Q | None:
    """Records anchored at a unit within the user's grants of `roles` (None: everything)."""
    if is_unrestricted(user):
        return None
    q = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in roles and grant.role not in READ_ONLY_ROLES:
            q |= grant_q(grant, anchor)
    return q


def writable_units(user: Any, roles: frozenset[str] = MANAGERS) -> QuerySet[Unit]:
    """Units in which the user may register bodies (or, for townships, teams and empowerments)."""
    q = _grants_q(user, roles, "")
    return Unit.objects.all() if q is None else Unit.objects.filter(q)


def writable_townships(user: Any) -> QuerySet[Unit]:
    return writable_units(user).filter(unit_type=UnitType.TOWNSHIP_GOVERNMENT)


def keeper_bodies(user: Any) -> QuerySet[EnforcementBody]:
    """Bodies whose officers and items the user keeps: the region's managers, or the body's own staff."""
    q = _grants_q(user, KEEPERS, "unit")
    return EnforcementBody.objects.all() if q is None else EnforcementBody.objects.filter(q)


def _validate(record: Any, verified: tuple[str, ...] = ()) -> None:
    """full_clean, except the existence checks of foreign keys the service has just looked up through the
    access layer (`verified`): those fields still take part in the uniqueness and constraint checks."""
    errors: dict[str, list[str]] = {}
    for step in (lambda: record.clean_fields(exclude=list(verified)), record.clean):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    failed = set(errors)
    for step in (lambda: record.validate_unique(exclude=failed), lambda: record.validate_constraints(exclude=failed)):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save(actor: Any, record: Any, verified: tuple[str, ...] = ()) -> Any:
    _validate(record, verified)
    with acting_as(actor):
        record.save()
    return record


# ---- bodies -----------------------------------------------------------------------------------------


@transaction.atomic
def save_body(*, actor: Any, body: EnforcementBody) -> EnforcementBody:
    """Register or update an enforcement body of a unit the actor manages."""
    if not body._state.adding:
        current = EnforcementBody.objects.get_visible_or_404(actor, CHANGE, pk=body.pk)
        if current.unit_id != body.unit_id:
            raise ValidationError({"unit": gettext("执法主体的单位不能更改：请另行登记。")})
    if body.unit_id is None or not writable_units(actor).filter(pk=body.unit_id).exists():
        raise Http404
    if body.entrusting_body_id is not None and not EnforcementBody.objects.visible_to(actor).filter(
            pk=body.entrusting_body_id).exists():
        raise Http404
    if body._state.adding and EnforcementBody.objects.filter(unit_id=body.unit_id).exists():
        raise ValidationError({"unit": gettext("“%(unit)s”已登记为执法主体。") % {"unit": body.unit.name}})
    return _save(actor, body)


def create_body(*, actor: Any, **fields: Any) -> EnforcementBody:
    return save_body(actor=actor, body=EnforcementBody(**fields))


# ---- officers ---------------------------------------------------------------------------------------


def _require_keeper(actor: Any, body_id: int | None) -> None:
    """404 unless the actor keeps the body. The bodies found are remembered on the actor object (like its
    grants): a page or an import checks many rows of the same few bodies."""
    if body_id is None:
        raise Http404
    if is_unrestricted(actor):
        if not EnforcementBody.objects.filter(pk=body_id).exists():
            raise Http404
        return
    known: set[int] = actor.__dict__.setdefault("_enforcement_kept_bodies", set())
    if body_id in known:
        return
    if not keeper_bodies(actor).filter(pk=body_id).exists():
        raise Http404
    known.add(body_id)


@transaction.atomic
def save_officer(*, actor: Any, officer: EnforcementOfficer) -> EnforcementOfficer:
    """Register or update an enforcement officer of a body the actor keeps.

    A renewed certificate (or an officer taken off duty) ends the running renewal deadline; a changed
    expiry still within the window moves it (see jobs.py).
    """
    current = None
    if not officer._state.adding:
        current = EnforcementOfficer.objects.get_visible_or_404(actor, CHANGE, pk=officer.pk)
    _require_keeper(actor, officer.body_id)
    if officer.team_id is not None and not TownshipTeam.objects.visible_to(actor).filter(pk=officer.team_id).exists():
        raise Http404
    _save(actor, officer, verified=("body", "team"))
    if current is not None:
        _follow_renewal(actor, officer, current)
    return officer


def _follow_renewal(actor: Any, officer: EnforcementOfficer, current: EnforcementOfficer) -> None:
    from fazhi.enforcement.jobs import CERTIFICATE_KEY, RENEWAL_WINDOW, certificate_basis

    running = Deadline.objects.for_record(officer).filter(key=CERTIFICATE_KEY, stopped_on__isnull=True).first()
    if running is None:
        return
    today = clock.today()
    if officer.status != OfficerStatus.ACTIVE or officer.expires_on > today + datetime.timedelta(days=RENEWAL_WINDOW):
        stop_deadline(actor=actor, record=officer, key=CERTIFICATE_KEY, on=today, by="renewal")
    elif officer.expires_on != current.expires_on:
        start_deadline(actor=actor, record=officer, key=CERTIFICATE_KEY, on=min(today, officer.expires_on),
                       due_on=officer.expires_on, label=gettext("执法证有效期届满"), basis=certificate_basis(officer),
                       by="renewal")


def create_officer(*, actor: Any, **fields: Any) -> EnforcementOfficer:
    return save_officer(actor=actor, officer=EnforcementOfficer(**fields))


# ---- items ------------------------------------------------------------------------------------------


@transaction.atomic
def save_item(*, actor: Any, item: EnforcementItem) -> EnforcementItem:
    """Add or update an item of a body's power list the actor keeps."""
    if not item._state.adding:
        current = EnforcementItem.objects.get_visible_or_404(actor, CHANGE, pk=item.pk)
        if current.empowered_to_townships and not item.empowered_to_townships and current.empowerments.exists():
            raise ValidationError({"empowered_to_townships": gettext(
                "该事项已列入乡镇赋权文件，须先调整赋权文件，才能取消“赋权乡镇”。")})
    _require_keeper(actor, item.body_id)
    return _save(actor, item, verified=("body",))


def create_item(*, actor: Any, **fields: Any) -> EnforcementItem:
    return save_item(actor=actor, item=EnforcementItem(**fields))


# ---- township teams ---------------------------------------------------------------------------------


@transaction.atomic
def save_team(*, actor: Any, team: TownshipTeam) -> TownshipTeam:
    if not team._state.adding:
        current = TownshipTeam.objects.get_visible_or_404(actor, CHANGE, pk=team.pk)
        if current.township_id != team.township_id and current.officers.exists():
            raise ValidationError({"township": gettext("队伍已有执法人员，不能改到其他乡镇（街道）。")})
    if team.township_id is None or not writable_units(actor).filter(pk=team.township_id).exists():
        raise Http404
    if team._state.adding and TownshipTeam.objects.filter(township_id=team.township_id).exists():
        raise ValidationError({"township": gettext("“%(unit)s”已登记综合行政执法队伍。") % {
            "unit": team.township.name}})
    return _save(actor, team)


def create_team(*, actor: Any, **fields: Any) -> TownshipTeam:
    return save_team(actor=actor, team=TownshipTeam(**fields))


# ---- empowerment ------------------------------------------------------------------------------------


def _check_empowered_items(actor: Any, township: Unit, item_ids: list[int]) -> None:
    """Items of the township's county departments, marked as empowered to townships (行政处罚法第二十四条)."""
    items = list(EnforcementItem.objects.visible_to(actor).filter(pk__in=item_ids)
                 .select_related("body__unit"))
    if len(items) != len(set(item_ids)):
        raise Http404
    county = township.region.parent_id
    wrong = [i for i in items if i.body.region_id != county or not i.empowered_to_townships]
    if wrong:
        raise ValidationError({"items": gettext(
            "“%(item)s”不能赋权给%(township)s：只能是本县（区）人民政府部门标为“赋权乡镇”的执法事项"
            "（行政处罚法第二十四条）。") % {"item": wrong[0].name, "township": township.name}})
    cancelled = [i for i in items if i.status != "active"]
    if cancelled:
        raise ValidationError({"items": gettext("“%(item)s”已取消或调整，不能再赋权。") % {"item": cancelled[0].name}})


@transaction.atomic
def save_empowerment(*, actor: Any, empowerment: Empowerment,
                     items: Iterable[EnforcementItem | int] = ()) -> Empowerment:
    """Record an empowerment document of a township the actor manages, and the items it lists."""
    if not empowerment._state.adding:
        Empowerment.objects.get_visible_or_404(actor, CHANGE, pk=empowerment.pk)
    if empowerment.township_id is None or not writable_units(actor).filter(pk=empowerment.township_id).exists():
        raise Http404
    item_ids = [i if isinstance(i, int) else i.pk for i in items]
    empowerment.full_clean()
    if not item_ids:
        raise ValidationError({"items": gettext("请选择赋权事项。")})
    _check_empowered_items(actor, empowerment.township, item_ids)
    empowerment.item_codes = "\n".join(EnforcementItem.objects.filter(pk__in=item_ids).order_by("body_id", "code")
                                       .values_list("code", flat=True))
    with acting_as(actor):
        empowerment.save()
        empowerment.items.set(item_ids)
    return empowerment


def create_empowerment(*, actor: Any, items: Iterable[EnforcementItem | int] = (), **fields: Any) -> Empowerment:
    return save_empowerment(actor=actor, empowerment=Empowerment(**fields), items=items)
