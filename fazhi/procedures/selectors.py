"""Reads of the procedure engine: limits by region, what a user may do next, history, deadlines, home panels."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext

from fazhi.calendar import service as calendar
from fazhi.calendar.service import NoHolidayData, TimeLimit
from fazhi.core import regions
from fazhi.procedures import clock
from fazhi.procedures.engine import (
    STEP_DATE_ATTR,
    Limit,
    Option,
    Procedure,
    Transition,
    anchor_unit,
    get_procedure,
)
from fazhi.procedures.models import (
    Attachment,
    Deadline,
    DeadlineQuerySet,
    DeadlineStatus,
    Notification,
    TimeLimitRule,
    TransitionLog,
    due_soon_until,
    status_q,
)

HOME_ITEMS = 10
RUNNING_STATUSES = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.ON_TIME)


# ---- time limits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedLimit:
    key: str
    label: str
    time_limit: TimeLimit
    rule: TimeLimitRule | None  # None: no row in the table, the declaration's default applies


def region_chain(unit: Any) -> list[str]:
    """The codes of the unit's region and every region above it (province first)."""
    return [*regions.ancestor_codes(unit.region_prefix), unit.region_id]


def resolve_limit(limit: Limit, *, unit: Any) -> ResolvedLimit:
    """The rule for `limit` that applies to records of `unit`: the most specific region override
    containing the unit's region, else the default row, else the declaration."""
    rules = list(TimeLimitRule.objects.filter(key=limit.key)
                 .filter(Q(region__isnull=True) | Q(region_id__in=region_chain(unit))))
    if not rules:
        return ResolvedLimit(limit.key, limit.label, limit.time_limit, None)
    # Most specific = deepest level (codes of province, city and county all have 6 digits).
    rule = max(rules, key=lambda r: regions.level_of(r.region_id) or 0 if r.region_id else -1)
    return ResolvedLimit(limit.key, rule.label or limit.label, rule.time_limit, rule)


@dataclass(frozen=True)
class PlannedDeadline:
    resolved: ResolvedLimit
    started_on: datetime.date
    due_on: datetime.date


def plan_deadlines(procedure: Procedure, transition: Transition, record: Any, *, data: dict | None = None,
                   today: datetime.date | None = None) -> tuple[list[PlannedDeadline], list[str]]:
    """The deadlines the transition would start, and why any cannot be computed (missing holiday data)."""
    if not transition.start:
        return [], []
    today = today or clock.today()
    unit = anchor_unit(record)
    plans, reasons = [], []
    for start in transition.start:
        limit = procedure.limit_map[start.key]
        resolved = resolve_limit(limit, unit=unit)
        started_on = (start.on(record, data or {}) if start.on else None) or record.__dict__.get(
            STEP_DATE_ATTR) or today
        if isinstance(started_on, datetime.datetime):
            started_on = started_on.astimezone(clock.CHINA).date() if started_on.tzinfo else started_on.date()
        try:
            due_on = calendar.due_date(started_on, resolved.time_limit)
        except NoHolidayData as exc:
            reasons.append(gettext("无法计算“%(limit)s”（%(basis)s）：%(why)s") % {
                "limit": resolved.label, "basis": resolved.time_limit.basis, "why": exc.message})
            continue
        plans.append(PlannedDeadline(resolved, started_on, due_on))
    return plans, reasons


# ---- what a user may do --------------------------------------------------------------------------


def available_transitions(user: Any, record: Any) -> list[Option]:
    """The transitions leaving the record's current state, each allowed or with the reasons why not.

    The caller fetched `record` through the access layer (it is visible to `user`).
    """
    procedure = get_procedure(record)
    options = []
    for transition in procedure.transitions_from(procedure.state_of(record)):
        reasons = procedure.refusals(user, record, transition)
        if not reasons:
            reasons = plan_deadlines(procedure, transition, record)[1]
        options.append(Option(transition, not reasons, reasons))
    return options


def attachment_kinds_present(record: Any) -> set[str]:
    ct = ContentType.objects.get_for_model(record)
    return set(Attachment.objects.filter(content_type=ct, object_id=record.pk)
               .values_list("kind", flat=True).distinct())


def attachments(record: Any) -> models.QuerySet:
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk
                                     ).select_related("uploaded_by")


# ---- history and deadlines -----------------------------------------------------------------------


def history(record: Any) -> models.QuerySet:
    """The record's transitions, oldest first (the record is visible to whoever sees this)."""
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(record),
                                        object_id=record.pk).select_related("actor")


def decorate(rows: Iterable[Deadline], today: datetime.date | None = None) -> list[Deadline]:
    """Per row: working days left (None + a warning when the calendar lacks the year) and the record link."""
    today = today or clock.today()
    gfk = Deadline._meta.get_field("record")
    out = []
    for row in rows:
        row.days_left, row.calendar_warning = None, ""
        if not row.stopped_on:
            try:
                row.days_left = calendar.working_days_left(row.due_on, today)
            except NoHolidayData as exc:
                row.calendar_warning = exc.message
        # Only a prefetched record is used: a list must not query once per row.
        target = row.record if gfk.is_cached(row) else None
        row.record_url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
        out.append(row)
    return out


def visible_deadlines(user: Any, today: datetime.date | None = None) -> DeadlineQuerySet:
    """Deadlines the user may see, with `status` annotated for display.

    Filter with the queryset's `with_status_filter()` / `running()` / `urgent()`, never `status=`: the
    annotation is a CASE no index can serve (see `DeadlineQuerySet.with_status`).
    """
    return (Deadline.objects.visible_to(user).with_status(today)
            .select_related("unit", "content_type"))


def deadlines_for(record: Any, today: datetime.date | None = None) -> list[Deadline]:
    # One record's few deadlines: ordering by the CASE is fine here.
    rows = Deadline.objects.for_record(record).with_status(today).select_related("unit").order_by(
        "status_rank", "due_on", "pk")
    return decorate(rows, today)


def status_counts(qs: DeadlineQuerySet, today: datetime.date | None = None) -> dict[str, int]:
    """{overdue, due_soon, on_time: count} of the running deadlines of `qs`, in one aggregate query.

    Counts with the indexable conditions over running rows only (deadline_status_idx / _running_idx), not the
    CASE over every row: stopped deadlines pile up for years and are not counted on any page.
    """
    today = today or clock.today()
    soon, _warning = due_soon_until(today)
    running = {s: status_q(s, today, soon) for s in RUNNING_STATUSES}
    return qs.running().aggregate(**{s.value: Count("pk", filter=q) for s, q in running.items()})


def home_context(user: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """What the home page shows a user: their due-soon and overdue deadlines, unread notifications.

    Keys: deadline_items (≤10, by due date), overdue_count, due_soon_count, deadline_warning,
    notifications (≤10 unread, newest first), unread_count.
    """
    today = today or clock.today()
    urgent = visible_deadlines(user, today).urgent(today)
    counts = status_counts(urgent, today)
    items = decorate(urgent.prefetch_related("record").order_by("due_on", "pk")[:HOME_ITEMS], today)
    unread = Notification.objects.for_user(user).unread()
    return {
        "deadline_items": items,
        "overdue_count": counts[DeadlineStatus.OVERDUE.value],
        "due_soon_count": counts[DeadlineStatus.DUE_SOON.value],
        "deadline_warning": due_soon_until(today)[1],
        "notifications": list(unread[:HOME_ITEMS]),
        "unread_count": unread.count(),
    }
