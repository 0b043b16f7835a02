"""Writes of the procedure engine: transitions (with history, audit, deadlines, notifications),
notifications read, attachments, and syncing the time-limit rules from the declarations."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.calendar import service as calendar
from fazhi.calendar.service import DayUnit, NoHolidayData, TimeLimit
from fazhi.core import audit
from fazhi.core.access import ALL_WRITER_ROLES, CHANGE, READ_ONLY_ROLES, SYSTEM, VIEW
from fazhi.core.audit import acting_as
from fazhi.procedures import clock
from fazhi.procedures.engine import STEP_DATE_ATTR, Transition, anchor_unit, declared_limits, get_procedure
from fazhi.procedures.models import Attachment, Deadline, Notification, TimeLimitRule, TransitionLog
from fazhi.procedures.selectors import (  # noqa: F401  (available_transitions re-exported)
    available_transitions,
    plan_deadlines,
    resolve_limit,
)


class TransitionRefused(ValidationError):  # noqa: N818  (the name the platform uses)
    """The transition may not be taken now; `reasons` lists every reason, in Chinese, with its rule."""

    def __init__(self, reasons: list[str], transition: Transition | None = None) -> None:
        self.reasons = [str(r) for r in reasons]
        self.transition = transition
        super().__init__(self.reasons, code="transition_refused")


def _visible(actor: Any, record: models.Model, action: str = VIEW) -> bool:
    return record._meta.model.objects.visible_to(actor, action).filter(pk=record.pk).exists()


def default_recipients(record: Any) -> models.QuerySet:
    """Active users of the record's unit holding a role that may change records of its type."""
    from fazhi.core.models import User

    writers = set(getattr(record._meta.model, "writer_roles", ALL_WRITER_ROLES)) - READ_ONLY_ROLES
    return User.objects.filter(is_active=True, unit=anchor_unit(record), roles__role__in=writers).distinct()


def _notification_text(record: Any, step: Transition, from_label: str, to_label: str, actor: Any) -> str:
    return gettext("%(record)s：%(actor)s执行了“%(step)s”（%(from)s → %(to)s）") % {
        "record": str(record)[:200], "actor": str(actor), "step": step.label, "from": from_label, "to": to_label}


def _actor_label(actor: Any) -> str:
    if getattr(actor, "is_system", False):
        return "system"
    return str(actor)[:150] if actor is not None else ""


def _record_url(record: Any) -> str:
    return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""


def _step_on(step: Transition, data: dict, today: datetime.date) -> datetime.date:
    """The date of a dated step (data["on"], a date or ISO text, not in the future), else today."""
    value = data.get("on") if step.dated else None
    if value in (None, ""):
        data.pop("on", None)
        return today
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise TransitionRefused([gettext("办理日期“%(v)s”不是有效日期（应为YYYY-MM-DD）") % {"v": value}],
                                    step) from None
    if value > today:
        raise TransitionRefused([gettext("办理日期不得晚于今天（%(today)s）") % {"today": today.isoformat()}], step)
    data["on"] = value.isoformat()  # the log's JSON keeps it as text
    return value


@transaction.atomic
def transition(*, actor: Any, record: models.Model, name: str, comment: str = "",
               data: dict | None = None) -> TransitionLog:
    """Take transition `name` on `record` as `actor`, atomically.

    Http404 if the actor cannot see the record; TransitionRefused (a ValidationError) with every
    reason if the step is unknown, not available in the current state, not permitted, or required
    fields / attachments / gates fail. On success: the state changes, a TransitionLog row and an
    audit event ("transition", before/after state) are written, deadlines are stopped and started,
    and notifications are queued for after commit. `data` is kept on the log and passed to
    `Start.on` and `Transition.effect`. The passed instance is updated to the saved values.
    """
    procedure = get_procedure(record)
    model = record._meta.model
    if record.pk is None or not _visible(actor, record):
        raise Http404
    # Lock the row (no joins, so only this row) and check against its committed state: two
    # concurrent transitions serialise here and the second sees the first one's result.
    locked = model._base_manager.select_for_update().get(pk=record.pk)
    step = procedure.get_transition(name)
    if step is None:
        raise TransitionRefused([gettext("“%(record)s”没有名为“%(name)s”的办理操作") % {
            "record": str(locked), "name": name}])
    data = dict(data or {})
    today = clock.today()
    on = _step_on(step, data, today)
    if on != today:
        locked.__dict__[STEP_DATE_ATTR] = on
    reasons = procedure.refusals(actor, locked, step, comment=comment)
    plans = []
    if not reasons:
        plans, reasons = plan_deadlines(procedure, step, locked, data=data, today=today)
    if reasons:
        raise TransitionRefused(reasons, step)

    from_state = procedure.state_of(locked)
    setattr(locked, procedure.state_field, step.target)
    if step.effect is not None:
        step.effect(locked, actor=actor, data={**data, "comment": comment})
    unit = anchor_unit(locked)
    ct = ContentType.objects.get_for_model(model)
    from_label, to_label = procedure.state_label(from_state), procedure.state_label(step.target)

    with acting_as(actor):
        locked.save()
        audit.record(action="transition", obj=locked, actor=actor,
                     before={procedure.state_field: from_state},
                     after={procedure.state_field: step.target, "transition": step.key, "comment": comment})
        log = TransitionLog.objects.create(
            content_type=ct, object_id=locked.pk, unit=unit, transition=step.key,
            transition_label=str(step.label), from_state=from_state, from_label=from_label,
            to_state=step.target, to_label=to_label,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor), comment=comment,
            data=data or None)

        running = {d.key: d for d in Deadline.objects.select_for_update().filter(
            content_type=ct, object_id=locked.pk, stopped_on__isnull=True)}
        # A limit started again (e.g. resubmitted after a return) restarts: the old one stops here.
        for key in {*step.stop, *(p.resolved.key for p in plans)}:
            if key in running:
                deadline = running[key]
                deadline.stopped_on = on
                deadline.stopped_by_transition = step.key
                deadline.save()
        for plan in plans:
            limit = plan.resolved.time_limit
            Deadline.objects.create(
                content_type=ct, object_id=locked.pk, record_repr=str(locked)[:200], unit=unit,
                key=plan.resolved.key, label=plan.resolved.label, started_on=plan.started_on,
                due_on=plan.due_on, n=limit.n, day_unit=limit.unit, basis=limit.basis,
                rule=plan.resolved.rule, started_by_transition=step.key)

    # Recipients are computed inside the transaction (a failure rolls everything back); the rows
    # are written only once the transition is committed, so a rollback notifies nobody.
    recipients = step.notify(locked) if step.notify is not None else default_recipients(locked)
    user_ids = _recipient_ids(recipients, exclude=actor)
    if user_ids:
        text = _notification_text(locked, step, from_label, to_label, actor)[:500]
        url = _record_url(locked)[:500]
        transaction.on_commit(lambda: Notification.objects.bulk_create(
            [Notification(user_id=uid, text=text, url=url) for uid in user_ids]), robust=True)

    # The caller's instance now shows the saved values (and its audit baseline follows them).
    for f in model._meta.concrete_fields:
        setattr(record, f.attname, getattr(locked, f.attname))
    if "_audit_loaded" in locked.__dict__:
        record._audit_loaded = locked._audit_loaded
    log.record = locked
    return log


@transaction.atomic
def start_deadline(*, actor: Any, record: models.Model, key: str, on: datetime.date, by: str = "",
                   due_on: datetime.date | None = None, label: str = "", basis: str = "") -> Deadline:
    """Start limit `key` of the record's procedure on `on` outside a step (a scheduled job opening the
    evaluation before expiry, say). A running deadline of the same key is replaced. ValidationError
    if the due date cannot be computed (no holiday data).

    An assigned deadline — a date set by the office for this record (a task's completion date, a
    rectification deadline), not a period the law states — passes `due_on`, `label` and `basis` (the
    act that set it, e.g. the plan); `key` then needs no declared limit. It is counted as the calendar
    days from `on` to `due_on`, and shows as due soon / overdue like any other deadline.
    """
    if record.pk is None or not _visible(actor, record, CHANGE):
        raise Http404
    if due_on is not None:
        if not label or not basis:
            raise ValueError("an assigned deadline needs its label and basis")
        if due_on < on:
            raise ValidationError(gettext("期限届满日（%(due)s）不能早于起算日（%(on)s）。") % {
                "due": due_on.isoformat(), "on": on.isoformat()})
        limit, rule = TimeLimit(max((due_on - on).days, 1), DayUnit.CALENDAR_DAY, basis), None
    else:
        procedure = get_procedure(record)
        resolved = resolve_limit(procedure.limit_map[key], unit=anchor_unit(record))
        try:
            due_on = calendar.due_date(on, resolved.time_limit)
        except NoHolidayData as exc:
            raise ValidationError(gettext("无法计算“%(limit)s”（%(basis)s）：%(why)s") % {
                "limit": resolved.label, "basis": resolved.time_limit.basis, "why": exc.message}) from None
        limit, rule, label = resolved.time_limit, resolved.rule, resolved.label
    ct = ContentType.objects.get_for_model(record._meta.model)
    for running in Deadline.objects.select_for_update().filter(content_type=ct, object_id=record.pk, key=key,
                                                               stopped_on__isnull=True):
        running.stopped_on, running.stopped_by_transition = on, by[:64]
        running.save()
    return Deadline.objects.create(
        content_type=ct, object_id=record.pk, record_repr=str(record)[:200], unit=anchor_unit(record),
        key=key, label=label, started_on=on, due_on=due_on, n=limit.n, day_unit=limit.unit,
        basis=limit.basis, rule=rule, started_by_transition=by[:64])


@transaction.atomic
def stop_deadline(*, actor: Any, record: models.Model, key: str, on: datetime.date | None = None,
                  by: str = "") -> bool:
    """Stop the running deadline `key` of `record` when the duty is met outside a step (an evaluation
    recorded, say). Returns whether one was running. Http404 if the actor may not change the record."""
    if record.pk is None or not _visible(actor, record, CHANGE):
        raise Http404
    ct = ContentType.objects.get_for_model(record._meta.model)
    deadline = Deadline.objects.select_for_update().filter(
        content_type=ct, object_id=record.pk, key=key, stopped_on__isnull=True).first()
    if deadline is None:
        return False
    deadline.stopped_on = on or clock.today()
    deadline.stopped_by_transition = by[:64]
    deadline.save()
    return True


def _recipient_ids(users: Iterable[Any], *, exclude: Any) -> list[int]:
    exclude_pk = getattr(exclude, "pk", None)
    seen: list[int] = []
    for user in users:
        if user is None or not getattr(user, "is_active", True):
            continue
        if user.pk != exclude_pk and user.pk not in seen:
            seen.append(user.pk)
    return seen


# ---- notifications ---------------------------------------------------------------------------------


def notify(*, users: Iterable[Any], text: str, url: str = "") -> None:
    """Send an in-app notification after the current transaction commits (other modules may use it)."""
    ids = _recipient_ids(users, exclude=None)
    if ids:
        transaction.on_commit(lambda: Notification.objects.bulk_create(
            [Notification(user_id=uid, text=text[:500], url=url[:500]) for uid in ids]), robust=True)


@transaction.atomic
def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (`ids` None: all of them). Others' ids are ignored."""
    qs = Notification.objects.for_user(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# ---- attachments -----------------------------------------------------------------------------------


@transaction.atomic
def check_upload(file: UploadedFile) -> None:
    """The one check of an uploaded file: allowed type (FAZHI["ATTACHMENT_EXTENSIONS"]), not empty, not
    over FAZHI["ATTACHMENT_MAX_MB"]. ValidationError keyed "file", in Chinese, before anything is written."""
    allowed = settings.FAZHI["ATTACHMENT_EXTENSIONS"]
    max_mb = settings.FAZHI["ATTACHMENT_MAX_MB"]
    name = file.name or ""
    if os.path.splitext(name)[1].lower() not in allowed:
        raise ValidationError({"file": gettext("文件“%(name)s”的类型不允许上传，只能上传：%(allowed)s。") % {
            "name": name, "allowed": "、".join(e.lstrip(".") for e in allowed)}})
    if file.size == 0:
        raise ValidationError({"file": gettext("文件“%(name)s”是空文件。") % {"name": name}})
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError({"file": gettext("文件“%(name)s”超过 %(mb)s MB，不能上传。") % {"name": name, "mb": max_mb}})


def add_attachment(*, actor: Any, record: models.Model, kind: str, file: UploadedFile,
                   name: str = "") -> Attachment:
    """Attach a file of a declared kind to a record the actor may change (type and size checked)."""
    procedure = get_procedure(record)
    if not _visible(actor, record, CHANGE):
        raise Http404
    if kind not in procedure.attachment_map:
        raise ValidationError({"kind": gettext("附件类型“%(kind)s”不适用于此类记录。") % {"kind": kind}})
    refusal = procedure.attachment_refusal(record, kind)
    if refusal:
        raise ValidationError({"file": refusal})
    check_upload(file)
    with acting_as(actor):
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
            unit=anchor_unit(record), kind=kind, file=file, name=(name or file.name)[:200],
            uploaded_by=actor if getattr(actor, "pk", None) else None)
        attachment.save()
    return attachment


# ---- time-limit rules --------------------------------------------------------------------------------


@dataclass
class SyncReport:
    created: list[str]
    updated: list[str]
    undeclared: list[str]  # keys in the table that no procedure declares any more


@transaction.atomic
def sync_rules(*, actor: Any = SYSTEM, update: bool = True, dry_run: bool = False,
               audited: bool = True) -> SyncReport:
    """Make the default rows (no region) of `TimeLimitRule` match the declarations.

    Creates missing rows; with `update`, resets default rows that differ from their declaration
    (the declaration is the national default; local rules are region rows, never touched).
    `audited=False` (the post_migrate seeding only) inserts missing rows without audit events: they
    are derived from the code being deployed, like a data migration, and would otherwise put events
    into every freshly created database. Any change of an existing row is always audited.
    """
    report = SyncReport([], [], [])
    declared = declared_limits()
    defaults = {r.key: r for r in TimeLimitRule.objects.filter(region__isnull=True)}
    seeds = []
    with acting_as(actor):
        for key, limit in sorted(declared.items()):
            row = defaults.get(key)
            values = {"label": str(limit.label), "n": limit.n, "day_unit": limit.unit, "basis": limit.basis}
            if row is None:
                report.created.append(key)
                if not dry_run:
                    seeds.append(TimeLimitRule(key=key, region=None, **values))
            elif update and any(getattr(row, f) != v for f, v in values.items()):
                report.updated.append(key)
                if not dry_run:
                    for f, v in values.items():
                        setattr(row, f, v)
                    row.save()
        if audited:
            for rule in seeds:
                rule.save()
        elif seeds:
            TimeLimitRule.objects.bulk_create(seeds, ignore_conflicts=True)
    report.undeclared = sorted(set(TimeLimitRule.objects.values_list("key", flat=True)) - set(declared))
    return report
