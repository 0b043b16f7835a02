"""The procedures of a round and of each assessed unit's self-assessment.

Round: 筹备 → 自评 → 评审 → 结果告知（异议期）→ 已定档 → 已公布. The windows are set by the office for
each round (the evidence due date, the objection period in working days), so they are assigned
deadlines started by the services with the round's title as their basis, not limits stated by law.
The assessment itself follows 《法治政府建设与责任落实督察工作规定》 and 《法治政府建设实施纲要（2021—2025年）》
(将法治政府建设成效纳入政绩考核指标体系).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.assessment.models import ParticipantState as P
from fazhi.assessment.models import RoundState as S
from fazhi.core.access import Role, grant_q, grants_of, is_unrestricted
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Permission,
    Procedure,
    State,
    Transition,
    has_role,
    register,
    step_date,
)

BASIS = _("《法治政府建设与责任落实督察工作规定》；《法治政府建设实施纲要（2021—2025年）》")
EVIDENCE_DUE = "assessment.evidence"
OBJECTION_DUE = "assessment.objection"


def organises(user: Any, round_: Any) -> bool:
    """A coordinator or reviewer whose scope holds the round's organising unit (the office)."""
    if is_unrestricted(user):
        return True
    grants = [g for g in grants_of(user) if g.role in (Role.COORDINATOR, Role.REVIEWER, Role.ADMIN)]
    if not grants or round_.pk is None:
        return False
    cache = round_.__dict__.setdefault("_assessment_organiser", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        q = Q(pk__in=[])
        for grant in grants:
            q |= grant_q(grant, "unit")
        cache[key] = type(round_)._base_manager.filter(q, pk=round_.pk).exists()
    return cache[key]


OFFICE = has_role(Role.COORDINATOR, Role.ADMIN)
REVIEWERS = Permission(lambda user, participant: organises(user, participant.round),
                       lambda: gettext("须由职责范围包括考核组织单位的协调员或审核人员办理"))


def _has_participants(round_: Any) -> bool:
    return round_.participants.exists()


def _has_leaves(round_: Any) -> bool:
    return round_.system.indicators.exclude(method="").exists()


def _system_frozen_or_balanced(round_: Any) -> bool:
    from fazhi.assessment.services import weight_problems

    return not weight_problems(round_.system)


def _all_scored(round_: Any) -> bool:
    from fazhi.assessment.scoring import unscored_entries

    return not unscored_entries(round_)


def _objection_period_over(round_: Any) -> bool:
    return round_.objection_due_on is not None and step_date(round_) > round_.objection_due_on


def _objections_answered(round_: Any) -> bool:
    from fazhi.assessment.models import Objection

    return not Objection.objects.filter(participant__round=round_, replied_on__isnull=True).exists()


def _round_open_for_self_assessment(participant: Any) -> bool:
    round_ = participant.round
    return (round_.state == S.SELF_ASSESSMENT and step_date(participant) <= round_.evidence_due_on) or (
        round_.state == S.REVIEW and participant.entries.filter(evidence_requested=True).exists())


def _round_in_review(participant: Any) -> bool:
    return participant.round.state == S.REVIEW


def _effect(name: str) -> Any:
    """The services' effect `name` (imported late: the services import this module)."""

    def run(record: Any, *, actor: Any, data: dict) -> None:
        from fazhi.assessment import services

        getattr(services, name)(record, actor=actor, data=data)

    return run


def _published(record: Any, *, actor: Any, data: dict) -> None:
    record.published_on = step_date(record)


@register
class RoundProcedure(Procedure):
    model = "assessment.AssessmentRound"
    label = _("考核轮次")
    basis = BASIS
    states = [State(s, s.label, final=(s == S.PUBLISHED)) for s in S]
    initial = S.PREPARING
    limits = []
    attachment_kinds = [AttachmentKind("notice", _("考核通知"), basis=BASIS),
                        AttachmentKind("report", _("考核结果报告"), basis=BASIS)]
    transitions = [
        Transition("open", _("启动考核"), source=S.PREPARING, target=S.SELF_ASSESSMENT, permission=OFFICE,
                   dated=True,
                   effect=_effect("on_open"),
                   gates=[Gate(_has_participants, _("尚未确定被考核单位（考核通知应列明考核对象）")),
                          Gate(_has_leaves, _("指标体系没有可评分的末级指标")),
                          Gate(_system_frozen_or_balanced, _("指标体系分值不平衡：下级指标分值之和须等于上级指标分值，"
                                                             "一级指标分值之和须等于总分"))]),
        Transition("start_review", _("开始评审"), source=S.SELF_ASSESSMENT, target=S.REVIEW, permission=OFFICE,
                   dated=True,
                   effect=_effect("on_start_review")),
        Transition("notify_results", _("告知考核结果"), source=S.REVIEW, target=S.OBJECTION, permission=OFFICE,
                   dated=True,
                   effect=_effect("on_notify"),
                   gates=[Gate(_all_scored, _("尚有指标未评分：材料评分和扣分指标须由评审人员打分，"
                                              "无法取得数据的自动指标须人工评分"))]),
        Transition("finalise", _("定档"), source=S.OBJECTION, target=S.FINALISED, permission=OFFICE,
                   dated=True,
                   effect=_effect("on_finalise"),
                   gates=[Gate(_objection_period_over, lambda r: gettext(
                       "异议期（结果告知后%(n)d个工作日，至%(due)s）尚未届满，不能定档") % {
                       "n": r.objection_days, "due": r.objection_due_on.isoformat() if r.objection_due_on else "—"}),
                          Gate(_objections_answered, _("尚有异议未答复，不能定档"))],
),
        Transition("publish", _("公布结果"), source=S.FINALISED, target=S.PUBLISHED, permission=OFFICE,
                   dated=True,
                   effect=_published),
    ]


@register
class ParticipantProcedure(Procedure):
    model = "assessment.Participant"
    label = _("单位自评")
    basis = BASIS
    states = [State(s, s.label) for s in P]
    initial = P.SELF_ASSESSING
    limits = []
    # Evidence belongs to one indicator: uploaded on the score sheet (services.upload_evidence), never
    # through the generic attachment form, which knows no indicator and no deadline.
    attachment_kinds = [AttachmentKind("evidence", _("佐证材料"), basis=BASIS, uploaded=False)]
    transitions = [
        Transition("submit", _("提交自评"), source=P.SELF_ASSESSING, target=P.SUBMITTED, dated=True,
                   permission=has_role(Role.COORDINATOR, Role.LEGAL_OFFICER, Role.ADMIN), effect=_effect("on_submit"),
                   gates=[Gate(_round_open_for_self_assessment, lambda p: gettext(
                       "自评及材料提交已截止（截止日%(due)s），或本单位未被要求补充材料") % {
                       "due": p.round.evidence_due_on.isoformat()})]),
        Transition("request_evidence", _("要求补充材料"), source=P.SUBMITTED, target=P.SELF_ASSESSING,
                   permission=REVIEWERS, comment_required=True, style="secondary",
                   gates=[Gate(_round_in_review, _("只有评审阶段才能要求补充材料"))]),
    ]
