"""Writes on local legislation: keyword-only, typed, validated (full_clean), atomic and audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with
Chinese messages keyed by field.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE
from fazhi.core.models import Unit
from fazhi.legislation import selectors
from fazhi.legislation.models import (
    MANAGERS,
    Adoption,
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PostLegislativeEvaluation,
    ProjectStatus,
)
from fazhi.procedures.models import TransitionLog
from fazhi.procedures.services import transition

# A published or terminated project is a closed record: later changes are new projects (修改、废止).
LOCKED_STATUSES = (ProjectStatus.PUBLISHED, ProjectStatus.TERMINATED)


def writable_units(user: Any, roles: frozenset[str] = MANAGERS) -> QuerySet[Unit]:
    """Units in which the user may create records kept by `roles` (plans, contact points, evaluations)."""
    return access.writable_units(user, roles)


_save = audit.save_validated  # validate, then save as the actor


def _require_unit(actor: Any, unit_id: int | None) -> None:
    if unit_id is None or not writable_units(actor).filter(pk=unit_id).exists():
        raise Http404


# ---- plans ------------------------------------------------------------------------------------------


@transaction.atomic
def save_plan(*, actor: Any, plan: LegislativePlan) -> LegislativePlan:
    """Create or update a legislative plan of a unit the actor manages."""
    if not plan._state.adding:
        LegislativePlan.objects.get_visible_or_404(actor, CHANGE, pk=plan.pk)
    _require_unit(actor, plan.unit_id)
    return _save(actor, plan)


def create_plan(*, actor: Any, **fields: Any) -> LegislativePlan:
    return save_plan(actor=actor, plan=LegislativePlan(**fields))


# ---- projects ---------------------------------------------------------------------------------------


def _may_change_plan(actor: Any, plan_id: int | None) -> bool:
    return plan_id is not None and LegislativePlan.objects.visible_to(actor, CHANGE).filter(pk=plan_id).exists()


@transaction.atomic
def save_project(*, actor: Any, project: LegislativeProject) -> LegislativeProject:
    """Create a project in a plan the actor manages, or update one the actor may change.

    The responsible unit's legal officer may edit the project but not move it to another plan or
    hand it to another unit: that is the plan organiser's decision.
    """
    visible_units = Unit.objects.visible_to(actor)
    for unit_id in (project.responsible_unit_id, project.drafting_unit_id):
        if unit_id is not None and not visible_units.filter(pk=unit_id).exists():
            raise Http404
    if project._state.adding:
        if not _may_change_plan(actor, project.plan_id):
            raise Http404
    else:
        current = LegislativeProject.objects.get_visible_or_404(actor, CHANGE, pk=project.pk)
        if current.status in LOCKED_STATUSES:
            raise ValidationError(gettext("已公布施行或已终止的立法项目不能再修改。"))
        moved = (current.plan_id != project.plan_id or current.responsible_unit_id != project.responsible_unit_id)
        if moved and not (_may_change_plan(actor, current.plan_id) and _may_change_plan(actor, project.plan_id)):
            raise ValidationError(gettext("调整立法计划或负责单位须由立法计划编制单位办理。"))
        # Steps own these fields; an edit form never sets them.
        project.status, project.passed_on, project.published_on = (
            current.status, current.passed_on, current.published_on)
    return _save(actor, project)


def create_project(*, actor: Any, **fields: Any) -> LegislativeProject:
    return save_project(actor=actor, project=LegislativeProject(**fields))


def take_step(*, actor: Any, project: LegislativeProject, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    """A procedure step through the engine (which checks permissions, gates and the date)."""
    return transition(actor=actor, record=project, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)


# ---- contact points ---------------------------------------------------------------------------------


@transaction.atomic
def save_point(*, actor: Any, point: ContactPoint) -> ContactPoint:
    """Create or update a contact point or collection point hosted by a unit the actor manages."""
    if not point._state.adding:
        ContactPoint.objects.get_visible_or_404(actor, CHANGE, pk=point.pk)
    _require_unit(actor, point.host_unit_id)
    if point.parent_id is not None and not ContactPoint.objects.visible_to(actor).filter(
            pk=point.parent_id).exists():
        raise Http404
    return _save(actor, point)


def create_point(*, actor: Any, **fields: Any) -> ContactPoint:
    return save_point(actor=actor, point=ContactPoint(**fields))


# ---- opinions ---------------------------------------------------------------------------------------


@transaction.atomic
def save_opinion(*, actor: Any, opinion: Opinion) -> Opinion:
    """Record an opinion gathered by a contact point, or update it.

    The actor manages the contact point (its county's coordinator) or the project's plan (the
    legislature). The draft must be one the actor can see or one of a published plan. Whether an
    opinion is adopted, and the answer given, are for the plan's organiser alone.
    """
    current = None
    if not opinion._state.adding:
        current = Opinion.objects.get_visible_or_404(actor, CHANGE, pk=opinion.pk)
    # Whether the draft is still open to opinions is the model's rule (a Chinese message, not a 404).
    project = selectors.known_projects(actor).filter(pk=opinion.project_id).first()
    if project is None or not ContactPoint.objects.visible_to(actor).filter(pk=opinion.contact_point_id).exists():
        raise Http404
    decides = _may_change_plan(actor, project.plan_id)
    manages_point = ContactPoint.objects.visible_to(actor, CHANGE).filter(pk=opinion.contact_point_id).exists()
    if not (manages_point or decides):
        raise Http404
    before = (current.adoption, current.response) if current else (Adoption.PENDING, "")
    if not decides and (opinion.adoption, (opinion.response or "").strip()) != (before[0], before[1].strip()):
        raise ValidationError({"adoption": gettext(
            "采纳情况和反馈说明由立法计划编制单位研究填写，收集点只登记意见。")})
    return _save(actor, opinion)


def create_opinion(*, actor: Any, **fields: Any) -> Opinion:
    return save_opinion(actor=actor, opinion=Opinion(**fields))


# ---- evaluations ------------------------------------------------------------------------------------


@transaction.atomic
def save_evaluation(*, actor: Any, evaluation: PostLegislativeEvaluation) -> PostLegislativeEvaluation:
    if not evaluation._state.adding:
        PostLegislativeEvaluation.objects.get_visible_or_404(actor, CHANGE, pk=evaluation.pk)
    _require_unit(actor, evaluation.evaluating_unit_id)
    if evaluation.project_id is not None and not selectors.known_projects(actor).filter(
            pk=evaluation.project_id).exists():
        raise Http404
    return _save(actor, evaluation)


def create_evaluation(*, actor: Any, **fields: Any) -> PostLegislativeEvaluation:
    return save_evaluation(actor=actor, evaluation=PostLegislativeEvaluation(**fields))
