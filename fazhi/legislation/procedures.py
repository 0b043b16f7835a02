"""The procedure of a legislative project: 立项 → 起草 → 征求意见 → 审查（审议）→ 通过 → 公布施行, or 暂缓 / 终止.

No time limit is declared. The ones the law states either bind another organ (the province's four
months to approve a city's regulation) or are a "generally not less than 30 days" guidance for
public comment (《规章制定程序条例》), not a deadline this platform should enforce; the plan's own
timetable is set by each year's plan, not by law. Every step is dated: legislative work is often
recorded after the meeting that decided it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role, grant_q, grants_of, is_unrestricted
from fazhi.legislation.models import ProjectStatus as S
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Permission,
    Procedure,
    Required,
    State,
    Transition,
    has_role,
    register,
    step_date,
)


def _organises(user: Any, project: Any) -> bool:
    """A coordinator whose scope holds the unit that drew up the project's plan (not merely the
    responsible unit): passing, publishing, suspending and ending a project are the organiser's acts."""
    if is_unrestricted(user):
        return True
    grants = [g for g in grants_of(user) if g.role == Role.COORDINATOR]
    if not grants or project.pk is None:
        return False
    cache = project.__dict__.setdefault("_legislation_organiser", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        q = Q(pk__in=[])
        for grant in grants:
            q |= grant_q(grant, "plan__unit")
        cache[key] = type(project)._base_manager.filter(q, pk=project.pk).exists()
    return cache[key]


# The responsible unit's legal officer (or a coordinator) drafts; the plan's organiser decides.
DRAFTERS = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR)
ORGANISERS = Permission(_organises, lambda: gettext("须由职责范围包括立法计划编制单位的协调员办理"))

BASIS = "《中华人民共和国立法法》；《规章制定程序条例》；地方立法条例"
LAW = "《中华人民共和国立法法》"
RULES_LAW = "《规章制定程序条例》"
OPEN = (S.PLANNED, S.DRAFTING, S.CONSULTATION, S.REVIEW)


def _passed(record: Any, *, actor: Any, data: dict) -> None:
    record.passed_on = step_date(record)


def _published(record: Any, *, actor: Any, data: dict) -> None:
    record.published_on = step_date(record)


def _approved_if_needed(project: Any) -> bool:
    if not project.needs_approval:
        return True
    return project.approved_on is not None and project.approved_on <= step_date(project)


def _published_after_passing(project: Any) -> bool:
    return project.passed_on is None or step_date(project) >= project.passed_on


def _effective_after_publication(project: Any) -> bool:
    return project.effective_on is None or project.effective_on >= step_date(project)


APPROVAL_GATE = Gate(_approved_if_needed, _(
    "设区的市的地方性法规须报省、自治区人民代表大会常务委员会批准后施行：请先填写不晚于公布日期的批准日期"
    "（《中华人民共和国立法法》）"))
DATE_ORDER_GATE = Gate(_published_after_passing, _("公布日期不得早于通过日期"))
EFFECT_GATE = Gate(_effective_after_publication, _("施行日期不得早于公布日期"))


@register
class LegislativeProjectProcedure(Procedure):
    model = "legislation.LegislativeProject"
    label = _("立法项目办理程序")
    basis = BASIS
    state_field = "status"
    states = [
        State(S.PLANNED, S.PLANNED.label), State(S.DRAFTING, S.DRAFTING.label),
        State(S.CONSULTATION, S.CONSULTATION.label), State(S.REVIEW, S.REVIEW.label),
        State(S.PASSED, S.PASSED.label), State(S.PUBLISHED, S.PUBLISHED.label, final=True),
        State(S.SUSPENDED, S.SUSPENDED.label), State(S.TERMINATED, S.TERMINATED.label, final=True),
    ]
    initial = S.PLANNED
    limits = []
    attachment_kinds = [
        AttachmentKind("draft", _("草案及起草说明"), basis=LAW),
        AttachmentKind("opinions_report", _("征求意见情况报告"), basis=LAW),
        AttachmentKind("published_text", _("公布文本"), basis=LAW),
    ]
    transitions = [
        Transition("start_drafting", _("启动起草"), source=S.PLANNED, target=S.DRAFTING, permission=DRAFTERS,
                   dated=True),
        Transition("open_consultation", _("征求意见"), source=S.DRAFTING, target=S.CONSULTATION,
                   permission=DRAFTERS, dated=True, basis=f"{LAW}；{RULES_LAW}（草案应当向社会公布征求意见）"),
        Transition("submit_review", _("提请审查（审议）"), source=S.CONSULTATION, target=S.REVIEW,
                   permission=DRAFTERS, dated=True),
        Transition("return_for_revision", _("退回修改"), source=S.REVIEW, target=S.DRAFTING,
                   permission=ORGANISERS, comment_required=True, dated=True, style="secondary"),
        Transition("pass", _("表决（决定）通过"), source=S.REVIEW, target=S.PASSED, permission=ORGANISERS,
                   dated=True, effect=_passed,
                   basis=f"{LAW}（常务委员会会议表决通过）；{RULES_LAW}（政府常务会议或者全体会议决定）"),
        Transition("publish", _("公布施行"), source=S.PASSED, target=S.PUBLISHED, permission=ORGANISERS,
                   dated=True, effect=_published, gates=[APPROVAL_GATE, DATE_ORDER_GATE, EFFECT_GATE],
                   required_fields=[Required("effective_on", f"{LAW}；{RULES_LAW}（公布令应当载明施行日期）")]),
        Transition("suspend", _("暂缓"), source=OPEN, target=S.SUSPENDED, permission=ORGANISERS,
                   comment_required=True, dated=True, style="secondary"),
        Transition("resume", _("恢复起草"), source=S.SUSPENDED, target=S.DRAFTING, permission=ORGANISERS,
                   dated=True),
        Transition("terminate", _("终止"), source=(*OPEN, S.SUSPENDED), target=S.TERMINATED,
                   permission=ORGANISERS, comment_required=True, dated=True, style="secondary"),
    ]
