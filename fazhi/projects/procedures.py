"""The procedure of a practical project: 已立项 → 推进中 → 已完成, or 已撤销. Milestone dates are assigned
deadlines (set by the office for each project), not declared limits."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Procedure,
    State,
    Transition,
    has_role,
    register,
    step_date,
)
from fazhi.projects.models import ProjectState as S

BASIS = "依法治市（县）委员会年度法治为民办实事项目工作方案"
OFFICE = has_role(Role.ADMIN, Role.COORDINATOR)


def _all_milestones_done(project: Any) -> bool:
    return not project.milestones.filter(done_on__isnull=True).exists()


def _completed(project: Any, *, actor: Any, data: dict) -> None:
    project.completed_on = step_date(project)


def _reopened(project: Any, *, actor: Any, data: dict) -> None:
    project.completed_on = None


MILESTONES_GATE = Gate(_all_milestones_done, lambda p: gettext(
    "尚有节点未完成：项目各节点完成后方可办结（%(basis)s）") % {"basis": BASIS})


@register
class ProjectProcedure(Procedure):
    model = "projects.Project"
    label = _("法治为民办实事项目")
    basis = BASIS
    states = [State(S.PLANNED, S.PLANNED.label), State(S.IN_PROGRESS, S.IN_PROGRESS.label),
              State(S.COMPLETED, S.COMPLETED.label, final=True), State(S.CANCELLED, S.CANCELLED.label, final=True)]
    initial = S.PLANNED
    attachment_kinds = [AttachmentKind("plan", _("项目实施方案")), AttachmentKind("evidence", _("完成佐证材料"))]
    transitions = [
        Transition("start", _("启动实施"), source=S.PLANNED, target=S.IN_PROGRESS, permission=OFFICE, dated=True),
        Transition("complete", _("办结"), source=S.IN_PROGRESS, target=S.COMPLETED, permission=OFFICE,
                   gates=[MILESTONES_GATE], effect=_completed, dated=True),
        Transition("reopen", _("重新推进"), source=S.COMPLETED, target=S.IN_PROGRESS, permission=OFFICE,
                   comment_required=True, effect=_reopened, style="secondary"),
        Transition("cancel", _("撤销"), source=(S.PLANNED, S.IN_PROGRESS), target=S.CANCELLED, permission=OFFICE,
                   comment_required=True, dated=True, style="secondary"),
    ]
