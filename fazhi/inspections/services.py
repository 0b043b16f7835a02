"""Writes on inspections: keyword-only, typed, validated (full_clean), atomic and audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field, before anything is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.inspections import letters
from fazhi.inspections.models import (
    ESCALATION_ORDER,
    MANAGERS,
    Escalation,
    EscalationKind,
    Finding,
    Inspection,
    InterferenceRecord,
    ItemState,
    RectificationItem,
)
from fazhi.inspections.procedures import DEADLINE_KEY, EVIDENCE, REMINDER_LETTER
from fazhi.procedures import clock
from fazhi.procedures.models import Attachment, TransitionLog
from fazhi.procedures.services import add_attachment, start_deadline, transition

# Evidence is what an office can open and file: documents, scans and photos (no executables, no archives).
DEADLINE_LABEL = "整改时限"


def writable_units(user: Any, roles: frozenset[str] = MANAGERS) -> QuerySet[Unit]:
    """Units whose records of `roles` the user may create (the office's region subtree)."""
    return access.writable_units(user, roles)


def _require_units(actor: Any, unit_ids: Iterable[int | None], roles: frozenset[str] = MANAGERS) -> None:
    ids = {u for u in unit_ids if u is not None}
    if not ids or writable_units(actor, roles).filter(pk__in=ids).count() != len(ids):
        raise Http404


_save = audit.save_validated  # validate, then save as the actor


# ---- inspections ------------------------------------------------------------------------------------


@transaction.atomic
def save_inspection(*, actor: Any, inspection: Inspection, inspected_units: Iterable[Unit]) -> Inspection:
    """Create or update an inspection organised by a unit the actor manages, of units it oversees."""
    units = list(inspected_units)
    if not inspection._state.adding:
        Inspection.objects.get_visible_or_404(actor, CHANGE, pk=inspection.pk)
    _require_units(actor, [inspection.organizer_id])
    if not units:
        errors = {"inspected_units": [gettext("请选择被督察单位。")]}
        try:
            inspection.full_clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        raise ValidationError(errors)
    if not Unit.objects.visible_to(actor).filter(pk__in=[u.pk for u in units]).count() == len(units):
        raise Http404
    _save(actor, inspection)
    with acting_as(actor):
        inspection.inspected_units.set(units)
    return inspection


def create_inspection(*, actor: Any, inspected_units: Iterable[Unit], **fields: Any) -> Inspection:
    return save_inspection(actor=actor, inspection=Inspection(**fields), inspected_units=inspected_units)


# ---- findings ---------------------------------------------------------------------------------------


@transaction.atomic
def save_finding(*, actor: Any, finding: Finding) -> Finding:
    """Record a finding of an inspection the actor manages, or one handed down by a higher inspection
    (no inspection of ours), in a unit of the actor's region."""
    if not finding._state.adding:
        Finding.objects.get_visible_or_404(actor, CHANGE, pk=finding.pk)
    if finding.unit_id is not None:
        _require_units(actor, [finding.unit_id])
    if finding.inspection_id is not None and not Inspection.objects.visible_to(actor, CHANGE).filter(
            pk=finding.inspection_id).exists():
        raise Http404
    if not finding._state.adding and finding.items.exists():
        current = Finding.objects.get(pk=finding.pk)
        if current.found_on != finding.found_on and finding.items.filter(due_on__lt=finding.found_on).exists():
            raise ValidationError({"found_on": gettext("已有整改时限早于该日期的整改事项，不能改为该日期。")})
    return _save(actor, finding)


def create_finding(*, actor: Any, **fields: Any) -> Finding:
    return save_finding(actor=actor, finding=Finding(**fields))


# ---- rectification items -----------------------------------------------------------------------------


def _basis(item: RectificationItem) -> str:
    finding = item.finding
    return (finding.origin or gettext("督察反馈问题"))[:300]


@transaction.atomic
def save_item(*, actor: Any, item: RectificationItem) -> RectificationItem:
    """Issue a rectification requirement (整改要求) of a finding, or change it while it is open.

    Issuing starts the item's assigned deadline (due_on, basis: the inspection); a changed deadline
    replaces the running one (the engine keeps the old one as stopped).
    """
    current = None
    if not item._state.adding:
        current = RectificationItem.objects.get_visible_or_404(actor, CHANGE, pk=item.pk)
        if current.state == ItemState.CLOSED:
            raise ValidationError(gettext("已销号的整改事项不能再修改。"))
        item.state, item.closed_on, item.escalation = current.state, current.closed_on, current.escalation
    if item.finding_id is None or not Finding.objects.visible_to(actor, CHANGE).filter(pk=item.finding_id).exists():
        if item.finding_id is None:
            item.full_clean()
        raise Http404
    if item.responsible_unit_id is None:
        item.full_clean()  # raises the Chinese "请选择责任单位。" with any other error
    # Only the office assigns items (the legal officer's CHANGE right is for evidence and steps).
    _require_units(actor, [item.responsible_unit_id])
    _save(actor, item)
    if current is None or current.due_on != item.due_on:
        start_deadline(actor=actor, record=item, key=DEADLINE_KEY, on=item.issued_on, due_on=item.due_on,
                       label=DEADLINE_LABEL, basis=_basis(item), by="issue" if current is None else "change")
    return item


def issue_item(*, actor: Any, **fields: Any) -> RectificationItem:
    return save_item(actor=actor, item=RectificationItem(**fields))


@transaction.atomic
def add_evidence(*, actor: Any, item: RectificationItem, file: UploadedFile) -> Attachment:
    """Attach evidence of rectification (the responsible unit or the office), while the item is open."""
    item = RectificationItem.objects.get_visible_or_404(actor, CHANGE, pk=item.pk)
    # The engine refuses evidence on a closed item (RectificationProcedure.attachment_refusal) and checks
    # the file, whichever route it comes by.
    return add_attachment(actor=actor, record=item, kind=EVIDENCE, file=file)


def take_step(*, actor: Any, item: RectificationItem, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    """A procedure step through the engine (permissions, evidence, dates are its checks)."""
    return transition(actor=actor, record=item, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)


# ---- escalation ---------------------------------------------------------------------------------------


def _office_name(actor: Any, item: RectificationItem) -> str:
    finding = item.finding
    if finding.inspection_id:
        return finding.inspection.organizer.name
    unit = getattr(actor, "unit", None)
    return unit.name if unit is not None else ""


@transaction.atomic
def escalate(*, actor: Any, item: RectificationItem, kind: str, on: datetime.date | None = None,
             note: str = "") -> Escalation:
    """Record an escalation on a late item: reminder letter (generated as a Word file), interview, notice.

    The item must be open and past its deadline on the date; each step presupposes the one before it
    (督办函 → 约谈 → 通报).
    """
    item = (RectificationItem.objects.select_related("finding__inspection__organizer", "responsible_unit")
            .get_visible_or_404(actor, CHANGE, pk=item.pk))
    if not writable_units(actor).filter(pk=item.responsible_unit_id).exists():
        raise Http404  # a legal officer may change the item's steps, not escalate against their own unit
    on = on or clock.today()
    errors: dict[str, list[str]] = {}
    try:
        kind = EscalationKind(kind)
    except ValueError:
        raise ValidationError({"kind": gettext("督办方式“%(k)s”无效。") % {"k": kind}}) from None
    if on > clock.today():
        errors.setdefault("on", []).append(gettext("日期不得晚于今天（%(today)s）。") % {
            "today": clock.today().isoformat()})
    if item.state == ItemState.CLOSED:
        errors.setdefault("kind", []).append(gettext("该整改事项已销号，不能再督办。"))
    elif not item.is_overdue(on):
        errors.setdefault("kind", []).append(gettext(
            "该整改事项尚未逾期（整改时限为%(due)s），不能%(kind)s。") % {
            "due": item.due_on.isoformat(), "kind": kind.label})
    index = ESCALATION_ORDER.index(kind)
    if index > 0 and not errors:
        before = ESCALATION_ORDER[index - 1]
        if not item.escalations.filter(kind=before, on__lte=on).exists():
            errors.setdefault("kind", []).append(gettext(
                "%(kind)s须在%(before)s之后进行：请先%(before)s（督办函、约谈、通报逐级升级）。") % {
                "kind": kind.label, "before": before.label})
    if errors:
        raise ValidationError(errors)

    days = item.days_overdue(on)
    escalation = Escalation(item=item, kind=kind, on=on, days_overdue=days, note=note)
    if kind == EscalationKind.REMINDER_LETTER:
        number = item.escalations.filter(kind=kind).count() + 1
        content = letters.reminder_letter(
            office=_office_name(actor, item), unit=item.responsible_unit.name,
            inspection=item.finding.origin or gettext("督察"), category=item.finding.get_category_display(),
            problem=item.finding.description, requirement=item.requirement, measures=item.measures,
            leader=item.responsible_leader, due_on=item.due_on, on=on, days_overdue=days,
            number=gettext("督办〔%(year)d〕第%(item)d-%(n)d号") % {"year": on.year, "item": item.pk, "n": number})
        name = gettext("督办函-%(unit)s-%(date)s.docx") % {"unit": item.responsible_unit.name, "date": on.isoformat()}
        escalation.letter = add_attachment(actor=actor, record=item, kind=REMINDER_LETTER,
                                           file=ContentFile(content, name=f"reminder-{item.pk}-{on:%Y%m%d}.docx"),
                                           name=name)
    _save(actor, escalation)
    if ESCALATION_ORDER.index(kind) >= (ESCALATION_ORDER.index(EscalationKind(item.escalation))
                                        if item.escalation else -1):
        item.escalation = kind.value
        with acting_as(actor):
            item.save(update_fields=["escalation", "updated_at"])
    return escalation


# ---- interference records -------------------------------------------------------------------------


@transaction.atomic
def save_interference(*, actor: Any, record: InterferenceRecord) -> InterferenceRecord:
    """Record (or correct) an interference in an enforcement case, kept by a unit the actor may write for."""
    if not record._state.adding:
        InterferenceRecord.objects.get_visible_or_404(actor, CHANGE, pk=record.pk)
    if record.unit_id is None:
        record.full_clean()
    _require_units(actor, [record.unit_id], InterferenceRecord.writer_roles)
    return _save(actor, record)


def create_interference(*, actor: Any, **fields: Any) -> InterferenceRecord:
    return save_interference(actor=actor, record=InterferenceRecord(**fields))
