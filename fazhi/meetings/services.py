"""Writes on meetings: keyword-only, typed, validated (full_clean) before saving, atomic and audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field. A meeting created with its topics and decisions is saved whole or not at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit, User
from fazhi.meetings.models import MANAGERS, Decision, Meeting, Topic
from fazhi.procedures.models import TransitionLog
from fazhi.procedures.services import transition


def writable_units(user: Any) -> QuerySet[Unit]:
    """Units whose meetings the user may record (coordinators and administrators, by their scope)."""
    return access.writable_units(user, MANAGERS)


_save = audit.save_validated  # validate, then save as the actor


def _visible_unit(actor: Any, unit_id: int | None) -> None:
    if unit_id is None or not Unit.objects.visible_to(actor).filter(pk=unit_id).exists():
        raise Http404


@transaction.atomic
def save_meeting(*, actor: Any, meeting: Meeting, attendee_users: Iterable[Any] | None = None) -> Meeting:
    """Create or update a meeting convened by a unit the actor manages."""
    if not meeting._state.adding:
        current = Meeting.objects.get_visible_or_404(actor, CHANGE, pk=meeting.pk)
        meeting.state = current.state  # only the step changes it
    if meeting.unit_id is None or not writable_units(actor).filter(pk=meeting.unit_id).exists():
        raise Http404
    if attendee_users is not None:
        attendee_users = list(attendee_users)
        ids = {u.pk for u in attendee_users}
        if len(ids) != User.objects.visible_to(actor).filter(pk__in=ids).count():
            raise Http404
    adding = meeting._state.adding
    _save(actor, meeting)
    if attendee_users is not None:
        before = [] if adding else sorted(meeting.attendee_users.values_list("pk", flat=True))
        after = sorted(ids)
        if before != after:
            meeting.attendee_users.set(after)
            # M2M changes bypass save(): the audit chain records them here.
            audit.record(action="update", obj=meeting, actor=actor, before={"attendee_users": before},
                         after={"attendee_users": after})
    return meeting


def _prefixed(exc: ValidationError, prefix: str) -> ValidationError:
    """Name the row of a topic or decision in its messages (create_meeting validates several)."""
    if hasattr(exc, "error_dict"):
        return ValidationError({f"{prefix}.{field}" if field != "__all__" else prefix: msgs
                                for field, msgs in exc.message_dict.items()})
    return ValidationError({prefix: exc.messages})


@transaction.atomic
def create_meeting(*, actor: Any, unit: Unit, kind: str, title: str, held_on: datetime.date, place: str = "",
                   chair: str = "", attendees: str = "", topics: Iterable[Mapping[str, Any]] = (),
                   decisions: Iterable[Mapping[str, Any]] = ()) -> Meeting:
    """Record a meeting with its topics ({title, rule_of_law}) and decisions ({text, responsible_unit,
    due_on}). Every error of every row is collected; any error saves nothing."""
    meeting = save_meeting(actor=actor, meeting=Meeting(unit=unit, kind=kind, title=title, held_on=held_on,
                                                        place=place, chair=chair, attendees=attendees))
    errors: dict[str, list[str]] = {}
    for i, fields in enumerate(topics, start=1):
        try:
            add_topic(actor=actor, meeting=meeting, **fields)
        except ValidationError as exc:
            errors.update(_prefixed(exc, f"topics[{i}]").message_dict)
    for i, fields in enumerate(decisions, start=1):
        try:
            add_decision(actor=actor, meeting=meeting, **fields)
        except ValidationError as exc:
            errors.update(_prefixed(exc, f"decisions[{i}]").message_dict)
    if errors:
        raise ValidationError(errors)  # rolls the meeting back with its rows
    return meeting


def _next_position(qs: QuerySet) -> int:
    return (qs.aggregate(n=Max("position"))["n"] or 0) + 1


@transaction.atomic
def add_topic(*, actor: Any, meeting: Meeting, title: str, rule_of_law: bool = True) -> Topic:
    meeting = Meeting.objects.get_visible_or_404(actor, CHANGE, pk=meeting.pk)
    topic = Topic(meeting=meeting, title=title, rule_of_law=rule_of_law,
                  position=_next_position(meeting.topics.all()))
    return _save(actor, topic)


@transaction.atomic
def delete_topic(*, actor: Any, topic: Topic) -> None:
    topic = Topic.objects.get_visible_or_404(actor, CHANGE, pk=topic.pk)
    with acting_as(actor):
        topic.delete()


@transaction.atomic
def add_decision(*, actor: Any, meeting: Meeting, text: str, responsible_unit: Unit,
                 due_on: datetime.date | None = None) -> Decision:
    meeting = Meeting.objects.get_visible_or_404(actor, CHANGE, pk=meeting.pk)
    _visible_unit(actor, getattr(responsible_unit, "pk", None))
    decision = Decision(meeting=meeting, text=text, responsible_unit=responsible_unit, due_on=due_on,
                        position=_next_position(meeting.decisions.all()))
    return _save(actor, decision)


@transaction.atomic
def save_decision(*, actor: Any, decision: Decision) -> Decision:
    """Update a decision not yet turned into a task (the task is then the record to change)."""
    current = Decision.objects.get_visible_or_404(actor, CHANGE, pk=decision.pk)
    if getattr(current, "task_id", None):
        raise ValidationError(gettext("该决定事项已转为任务，请修改相应的任务。"))
    _visible_unit(actor, decision.responsible_unit_id)
    decision.meeting_id = current.meeting_id
    return _save(actor, decision)


@transaction.atomic
def delete_decision(*, actor: Any, decision: Decision) -> None:
    decision = Decision.objects.get_visible_or_404(actor, CHANGE, pk=decision.pk)
    if getattr(decision, "task_id", None):
        raise ValidationError(gettext("该决定事项已转为任务，不能删除。"))
    with acting_as(actor):
        decision.delete()


def tasks_installed() -> bool:
    return apps.is_installed("fazhi.tasks")


@transaction.atomic
def make_task(*, actor: Any, decision: Decision, plan: Any, deliverable: str = "") -> Any:
    """Turn a decision into a task of `plan` (fazhi.tasks create_task), lead unit and due date taken from
    the decision, the meeting as its source; the decision keeps the task."""
    decision = Decision.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=decision.pk)
    if not tasks_installed():
        raise ValidationError(gettext("任务分解模块未启用，不能将决定事项转为任务。"))
    errors: dict[str, list[str]] = {}
    if decision.task_id:
        errors.setdefault("__all__", []).append(gettext("该决定事项已转为任务。"))
    if decision.due_on is None:
        errors.setdefault("due_on", []).append(gettext("转为任务前，请先填写决定事项的完成时限。"))
    if errors:
        raise ValidationError(errors)
    from fazhi.tasks.services import create_task  # an optional module: imported only when installed

    meeting = decision.meeting
    task = create_task(actor=actor, plan=plan, title=decision.text[:200], lead_unit=decision.responsible_unit,
                       due_on=decision.due_on, deliverable=deliverable,
                       source=f"{meeting.title}（{meeting.held_on.isoformat()}）")
    decision.task = task
    with acting_as(actor):
        decision.save()
    return task


def issue_minutes(*, actor: Any, meeting: Meeting, on: datetime.date | None = None) -> TransitionLog:
    """The engine's step (the minutes must be attached first)."""
    return transition(actor=actor, record=meeting, name="issue_minutes",
                      data={"on": on.isoformat()} if on else None)
