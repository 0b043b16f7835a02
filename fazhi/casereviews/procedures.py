"""Procedures of case-file review.

A review plan: 草拟 → 已公布抽取输入 → 已抽取 → 评查中 → 评查完成 → 已结束.
- "commit" freezes the published inputs (closed cases of the period by body, reviewers, conflicts) and
  the SHA-256 of a fresh secret seed (`secrets`); the score sheet is frozen with it;
- "draw" reveals the seed, computes the picks with randominspections' draw and creates one file review
  per drawn case with its drawn reviewer;
- "finish" needs every drawn file scored; "close" needs every finding accepted.

A finding: 已反馈待整改 → 已报送整改情况 → 已整改验收, or sent back. Its correction deadline is the one the
office set (an *assigned* deadline started when the finding is returned, services.return_finding); the
law states no period, so no `Limit` is declared. Acceptance stops it.

No national rule sets the review itself: the steps follow 行政执法案卷评查 practice under
《法治政府建设实施纲要（2021－2025年）》 (行政执法监督); the criteria cite 行政处罚法.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.core.audit import acting_as
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

PLAN_BASIS = _("《法治政府建设实施纲要（2021－2025年）》：完善行政执法监督，开展行政执法案卷评查")
DRAW_BASIS = _("评查案卷随机抽取、抽取输入和随机种子哈希事先公布、抽取结果可验证（参照“双随机、一公开”，"
               "《优化营商环境条例》第五十四条）")
FINDING_BASIS = _("评查发现的问题反馈执法主体限期整改，整改情况报组织单位验收")
CORRECTION = "casereviews.correction"
EVIDENCE = "evidence"

OFFICE = has_role(Role.COORDINATOR, Role.REVIEWER)
BODY_OR_OFFICE = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR, Role.REVIEWER)


def _refuse(message: str) -> None:
    from fazhi.procedures.services import TransitionRefused

    raise TransitionRefused([message])


def _commit(plan: Any, *, actor: Any, data: dict) -> None:
    """Publish the inputs and the seed's hash; the seed stays secret until the draw."""
    from fazhi.casereviews import sampling
    from fazhi.casereviews.models import ScoreSheet
    from fazhi.randominspections import draw as drawing

    on = step_date(plan)
    if on < plan.start_on:
        _refuse(gettext("公布日期（%(on)s）早于评查期间的开始日期（%(start)s）：期间内尚无结案案件。") % {
            "on": on.isoformat(), "start": plan.start_on.isoformat()})
    inputs = sampling.build_inputs(plan, on)
    try:
        sampling.check_drawable(inputs)
    except drawing.DrawError as exc:
        _refuse(str(exc))
    seed = secrets.token_hex(32)
    hashes = drawing.commitment(inputs, seed)
    plan.inputs_json = drawing.canonical(inputs).decode("utf-8")
    plan.inputs_hash, plan.seed_hash, plan.seed = hashes["inputs_hash"], hashes["seed_hash"], seed
    plan.committed_on, plan.committed_at = on, timezone.now()
    sheet = ScoreSheet.objects.get(pk=plan.sheet_id)
    if not sheet.frozen:  # used from now on: its criteria and bands may no longer change
        sheet.frozen = True
        with acting_as(actor):
            sheet.save(update_fields=["frozen"])


def _draw(plan: Any, *, actor: Any, data: dict) -> None:
    """Reveal the seed, draw, and create one file review per drawn case with its reviewer."""
    from fazhi.casereviews.models import FileReview
    from fazhi.cases.models import EnforcementCase
    from fazhi.core.models import User
    from fazhi.randominspections import draw as drawing

    on = step_date(plan)
    if plan.committed_on and on < plan.committed_on:
        _refuse(gettext("抽取日期不得早于抽取输入的公布日期（%(date)s）。") % {"date": plan.committed_on.isoformat()})
    try:
        picks = drawing.draw(plan.inputs, plan.seed)
    except drawing.DrawError as exc:
        _refuse(str(exc))
    wanted = Q(pk__in=[])
    for pick in picks:
        wanted |= Q(body_id=int(pick["group"]), number=pick["entity"])
    cases = {(c.body_id, c.number): c for c in EnforcementCase.objects.filter(wanted)}
    users = {u.username: u for u in User.objects.filter(username__in={p["inspectors"][0] for p in picks})}
    plan.picks_json = json.dumps(picks, ensure_ascii=False)
    plan.drawn_on, plan.drawn_at = on, timezone.now()
    with acting_as(actor):
        for pick in picks:
            case = cases[(int(pick["group"]), pick["entity"])]
            FileReview.objects.create(plan=plan, case=case, body_id=case.body_id,
                                      reviewer=users[pick["inspectors"][0]])


def _has_reviewers(plan: Any) -> bool:
    return plan.reviewers.exists()


def _sheet_complete(plan: Any) -> bool:
    from fazhi.casereviews.services import sheet_total

    return sheet_total(plan.sheet) == 100


def _all_scored(plan: Any) -> bool:
    return not plan.reviews.filter(scored_on__isnull=True).exists()


def _findings_closed(plan: Any) -> bool:
    from fazhi.casereviews.models import FindingState, ReviewFinding

    return not ReviewFinding.objects.filter(review__plan=plan).exclude(state=FindingState.ACCEPTED).exists()


def _sheet_message(plan: Any) -> str:
    from fazhi.casereviews.models import points_text
    from fazhi.casereviews.services import sheet_total

    return gettext("评分表“%(sheet)s”各项分值合计须为100分（现为%(total)s分），方可用于评查。") % {
        "sheet": plan.sheet, "total": points_text(sheet_total(plan.sheet))}


@register
class ReviewPlanProcedure(Procedure):
    model = "casereviews.ReviewPlan"
    label = _("案卷评查计划")
    basis = PLAN_BASIS
    states = (State("draft", _("草拟")), State("committed", _("已公布抽取输入")), State("drawn", _("已抽取")),
              State("reviewing", _("评查中")), State("finished", _("评查完成")), State("closed", _("已结束"), final=True))
    initial = "draft"
    transitions = (
        Transition("commit", _("公布抽取输入"), source="draft", target="committed", permission=OFFICE, dated=True,
                   basis=DRAW_BASIS, effect=_commit,
                   gates=[Gate(_has_reviewers, _("请先指定评查人员：抽取输入包括评查人员名单（评查案卷随机抽取、随机分配）")),
                          Gate(_sheet_complete, _sheet_message)]),
        Transition("draw", _("抽取案卷"), source="committed", target="drawn", permission=OFFICE, dated=True,
                   basis=DRAW_BASIS, effect=_draw),
        Transition("start", _("开始评查"), source="drawn", target="reviewing", permission=OFFICE, dated=True),
        Transition("finish", _("完成评查"), source="reviewing", target="finished", permission=OFFICE, dated=True,
                   gates=[Gate(_all_scored, _("抽取的案卷尚未全部评分：每份抽取的案卷须按评分表评分"))]),
        Transition("close", _("结束评查"), source="finished", target="closed", permission=OFFICE, dated=True,
                   gates=[Gate(_findings_closed, _("评查发现的问题尚未全部整改验收（评查发现问题限期整改、验收销号）"))]),
    )


def _corrected(finding: Any, *, actor: Any, data: dict) -> None:
    finding.correction_note = (data.get("comment") or "").strip()
    finding.corrected_on = step_date(finding)


def _accepted(finding: Any, *, actor: Any, data: dict) -> None:
    from fazhi.procedures.services import stop_deadline

    finding.accepted_on = step_date(finding)
    stop_deadline(actor=actor, record=finding, key=CORRECTION, on=finding.accepted_on, by="accept")


def _not_before_return(finding: Any) -> bool:
    return step_date(finding) >= finding.returned_on


def _accept_after_report(finding: Any) -> bool:
    return finding.corrected_on is None or step_date(finding) >= finding.corrected_on


@register
class ReviewFindingProcedure(Procedure):
    model = "casereviews.ReviewFinding"
    label = _("评查发现问题整改")
    basis = FINDING_BASIS
    states = (State("returned", _("已反馈待整改")), State("corrected", _("已报送整改情况")),
              State("accepted", _("已整改验收"), final=True))
    initial = "returned"
    attachment_kinds = (AttachmentKind(EVIDENCE, _("整改佐证材料"), basis=FINDING_BASIS),)

    def attachment_refusal(self, record: Any, kind: str) -> str:
        if kind == EVIDENCE and record.state == "accepted":
            return gettext("已验收的问题不能再上传佐证材料。")
        return ""

    transitions = (
        Transition("correct", _("报送整改情况"), source="returned", target="corrected", permission=BODY_OR_OFFICE,
                   required_attachments=[EVIDENCE], comment_required=True, dated=True, effect=_corrected,
                   basis=FINDING_BASIS,
                   gates=[Gate(_not_before_return, _("报送日期不得早于问题反馈日期"))]),
        Transition("accept", _("验收通过"), source="corrected", target="accepted", permission=OFFICE, dated=True,
                   effect=_accepted, basis=FINDING_BASIS,
                   gates=[Gate(_accept_after_report, _("验收日期不得早于整改情况报送日期"))]),
        Transition("send_back", _("退回整改"), source="corrected", target="returned", permission=OFFICE,
                   comment_required=True, style="secondary", basis=_("整改不到位的退回继续整改，须说明理由")),
    )
