"""Writes on practical projects: keyword-only, typed, validated (full_clean) before saving, atomic, audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field. A milestone's date is an assigned deadline (`start_deadline`): it shows as due
soon / overdue on the office's home page until the milestone is marked done.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE, READ_ONLY_ROLES, grant_q, grants_of, is_unrestricted
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.procedures import clock
from fazhi.procedures.models import TransitionLog
from fazhi.procedures.services import start_deadline, stop_deadline, transition
from fazhi.projects.models import MANAGERS, Milestone, ProgressNote, Project, ProjectState

MILESTONE_DEADLINE = "projects.milestone"
CLOSED = (ProjectState.COMPLETED, ProjectState.CANCELLED)


def writable_units(user: Any) -> QuerySet[Unit]:
    return access.writable_units(user, MANAGERS)


_save = audit.save_validated  # validate, then save as the actor


def _office_project(actor: Any, pk: int | None) -> Project:
    return Project.objects.get_visible_or_404(actor, CHANGE, pk=pk)


def _open(project: Project) -> None:
    if project.state in CLOSED:
        raise ValidationError(gettext("项目已“%(state)s”，不能再修改。") % {"state": project.get_state_display()})


@transaction.atomic
def save_project(*, actor: Any, project: Project) -> Project:
    if not project._state.adding:
        current = _office_project(actor, project.pk)
        _open(current)
        project.state, project.completed_on, project.published_on = (
            current.state, current.completed_on, current.published_on)
    if project.unit_id is None or not writable_units(actor).filter(pk=project.unit_id).exists():
        raise Http404
    if project.responsible_unit_id is None or not Unit.objects.visible_to(actor).filter(
            pk=project.responsible_unit_id).exists():
        raise Http404
    return _save(actor, project)


def create_project(*, actor: Any, unit: Unit, year: int, title: str, responsible_unit: Unit, description: str = "",
                   target: str = "") -> Project:
    return save_project(actor=actor, project=Project(unit=unit, year=year, title=title, description=description,
                                                     responsible_unit=responsible_unit, target=target))


@transaction.atomic
def publish_project(*, actor: Any, project: Project, publish: bool = True) -> Project:
    """The office decides to show the project (and its progress) on the portal, or withdraws it."""
    project = _office_project(actor, project.pk)
    if publish and project.state == ProjectState.CANCELLED:
        raise ValidationError(gettext("已撤销的项目不能公开。"))
    project.published_on = (project.published_on or clock.today()) if publish else None
    with acting_as(actor):
        project.save()
    return project


def _basis(project: Project) -> str:
    return gettext("《%(title)s》（%(year)d年度法治为民办实事项目）") % {"title": project.title, "year": project.year}


def _start_milestone_deadline(actor: Any, milestone: Milestone) -> None:
    today = clock.today()
    start_deadline(actor=actor, record=milestone, key=MILESTONE_DEADLINE, on=min(today, milestone.due_on),
                   due_on=milestone.due_on, label=gettext("项目节点完成时限"), basis=_basis(milestone.project),
                   by="milestone")


@transaction.atomic
def add_milestone(*, actor: Any, project: Project, title: str, due_on: datetime.date,
                  done_on: datetime.date | None = None) -> Milestone:
    project = _office_project(actor, project.pk)
    _open(project)
    milestone = _save(actor, Milestone(project=project, title=title, due_on=due_on, done_on=done_on))
    if done_on is None:
        _start_milestone_deadline(actor, milestone)
    return milestone


@transaction.atomic
def save_milestone(*, actor: Any, milestone: Milestone) -> Milestone:
    """The office changes a milestone's title or date; a changed date restarts its deadline."""
    current = Milestone.objects.select_related("project").get_visible_or_404(actor, pk=milestone.pk)
    _office_project(actor, current.project_id)
    _open(current.project)
    milestone.project_id, milestone.done_on = current.project_id, current.done_on
    _save(actor, milestone)
    if milestone.done_on is None and milestone.due_on != current.due_on:
        _start_milestone_deadline(actor, milestone)
    return milestone


@transaction.atomic
def mark_milestone_done(*, actor: Any, milestone: Milestone, done_on: datetime.date) -> Milestone:
    """The responsible unit or the office records that a milestone was reached."""
    milestone = Milestone.objects.select_related("project").get_visible_or_404(actor, CHANGE, pk=milestone.pk)
    if milestone.done_on is not None:
        raise ValidationError({"done_on": gettext("该节点已于%(d)s完成。") % {"d": milestone.done_on.isoformat()}})
    if milestone.project.state != ProjectState.IN_PROGRESS:
        raise ValidationError({"done_on": gettext("项目启动实施后才能登记节点完成（当前状态：“%(s)s”）。") % {
            "s": milestone.project.get_state_display()}})
    milestone.done_on = done_on
    _save(actor, milestone)
    stop_deadline(actor=actor, record=milestone, key=MILESTONE_DEADLINE, on=done_on, by="done")
    return milestone


def may_report(actor: Any, project: Project) -> bool:
    """The office, or a legal officer whose scope holds the responsible unit (as for milestones and notes)."""
    if is_unrestricted(actor):
        return True
    q = Q(pk__in=[])
    for grant in grants_of(actor):
        if grant.role in ProgressNote.writer_roles and grant.role not in READ_ONLY_ROLES:
            q |= grant_q(grant, "unit")
            if grant.role not in MANAGERS:
                q |= grant_q(grant, "responsible_unit")
    return Project._base_manager.filter(q, pk=project.pk).exists()


@transaction.atomic
def add_note(*, actor: Any, project: Project, text: str, noted_on: datetime.date | None = None) -> ProgressNote:
    """A progress note by the responsible unit or the office."""
    project = Project.objects.get_visible_or_404(actor, pk=project.pk)
    if not may_report(actor, project):
        raise Http404
    _open(project)
    return _save(actor, ProgressNote(project=project, noted_on=noted_on or clock.today(), text=text,
                                     author=actor if getattr(actor, "pk", None) else None))


def take_step(*, actor: Any, project: Project, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    return transition(actor=actor, record=project, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)
