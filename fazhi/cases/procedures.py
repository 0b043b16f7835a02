"""The penalty procedure of an enforcement case (行政处罚法 2021).

立案 → 调查取证 → 告知（第四十四条；第六十三条情形告知听证权利）→ 听证（第六十四条，告知后五日内要求）
→ 法制审核（重大执法决定，第五十八条）→ 集体讨论（第五十七条）→ 决定（第六十条，立案后九十日内）
→ 送达（第六十一条）→ 公示（第四十八条，7个工作日）→ 执行 → 结案; a revoked decision's publication is
withdrawn within 3 working days. Every step is dated: paper files are often recorded afterwards.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.calendar import service as calendar
from fazhi.cases import limits as lim
from fazhi.cases.models import CONTINUOUS_RECORDING, OUTCOMES, Outcome, ReviewConclusion
from fazhi.cases.models import CaseState as S
from fazhi.core.access import Role
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Procedure,
    Required,
    State,
    Transition,
    has_role,
    register,
    step_date,
)

LAW = "行政处罚法"
HANDLERS = has_role(Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER, Role.COORDINATOR)
# The organ's legal review staff (部门法制员) or the justice bureau's reviewers.
REVIEWERS = has_role(Role.LEGAL_OFFICER, Role.REVIEWER)
# The decision is the organ head's; the department's legal officer records it.
DECIDERS = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR)

MIN_OFFICERS = 2  # 行政处罚法第四十二条：执法人员不得少于两人


def valid_officer_count(case: Any, on: Any) -> int:
    from fazhi.enforcement.models import EnforcementOfficer

    return EnforcementOfficer.objects.with_valid_certificate(on).filter(cases=case).count()


def _has_attachment(case: Any, kind: str) -> bool:
    from django.contrib.contenttypes.models import ContentType

    from fazhi.procedures.models import Attachment

    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk,
                                     kind=kind).exists()


def _officers_ok(case: Any) -> bool:
    return valid_officer_count(case, step_date(case)) >= MIN_OFFICERS


def _audio_video_ok(case: Any) -> bool:
    return not case.recorded_act_list or _has_attachment(case, "audio_video")


def _hearing_window(case: Any) -> Any:
    return calendar.due_date(case.notified_on, lim.resolved(case, lim.HEARING_REQUEST).time_limit)


def _hearing_request_in_time(case: Any) -> bool:
    return case.hearing_right and case.notified_on is not None and step_date(case) <= _hearing_window(case)


def _hearing_period_over(case: Any) -> bool:
    """Without a hearing, a case with the hearing right is decided only after the request period."""
    if case.state != S.NOTIFIED or not case.hearing_right:
        return True
    return step_date(case) > _hearing_window(case)


def _major(case: Any) -> bool:
    return case.major


def _review_passed(case: Any) -> bool:
    return not case.major or case.review_conclusion == ReviewConclusion.PASSED


def _discussed(case: Any) -> bool:
    return not case.major or case.discussed_on is not None


def _reviewer_independent(case: Any) -> bool:
    return case.reviewer_id is not None and not case.officers.filter(pk=case.reviewer_id).exists()


def _reviewer_qualified(case: Any) -> bool:
    return case.reviewer_id is None or case.reviewer.legal_qualification


def _not_before_registration(case: Any) -> bool:
    return step_date(case) >= case.registered_on


def _within_decision_limit(case: Any) -> bool:
    return case.decision_due_on is None or step_date(case) <= case.decision_due_on


def _penalty_stated(case: Any) -> bool:
    if case.outcome != Outcome.PENALTY:
        return True
    return case.fine_amount is not None or bool((case.other_penalties or "").strip())


def _closable_after_service(case: Any) -> bool:
    return case.state != S.SERVED or case.outcome != Outcome.PENALTY


def _hearing_notified_if_due(case: Any) -> bool:
    """A decision whose penalty gives a hearing right (第六十三条) needs a notice that told the party so."""
    return case.hearing_right or not case.hearing_grounds()


def _penalty_intended(case: Any) -> bool:
    # 拟不予处罚 (first offence, facts not established) is an intention too: the outcome says so.
    return case.penalty_stated() or case.outcome in (Outcome.NO_PENALTY, Outcome.DISMISSED, Outcome.TRANSFERRED)


def _outcome_fits(case: Any) -> bool:
    return case.outcome in OUTCOMES.get(case.act_type, ())


def _refusal_explained(case: Any) -> bool:
    if case.outcome != Outcome.REFUSED:
        return True
    return bool((case.decision_reasons or "").strip()) and case.remedies_notified


def _approved(case: Any) -> bool:
    return case.approved_on is not None and case.approved_on <= step_date(case)


def _continuous_recording(case: Any) -> bool:
    return case.measure_kind not in CONTINUOUS_RECORDING or _has_attachment(case, "audio_video")


def _decision_limit_message(case: Any) -> str:
    return gettext("已超过作出决定的期限（%(due)s）：%(basis)s；确需延长的，请先记录延长天数及其依据") % {
        "due": case.decision_due_on.isoformat(), "basis": lim.DECISION.basis}


def _hearing_message(case: Any) -> str:
    return gettext("要求听证须在告知后%(n)s日内提出（%(basis)s），且仅适用于已告知听证权利的案件（%(law)s第六十三条）") % {
        "n": lim.resolved(case, lim.HEARING_REQUEST).time_limit.n,
        "basis": lim.HEARING_REQUEST.basis, "law": LAW}


OFFICERS_GATE = Gate(_officers_ok, _(
    "承办执法人员中持有效执法证的不足两人：行政处罚应当由具有行政执法资格的执法人员实施，执法人员不得少于两人（行政处罚法第四十二条）"))
AUDIO_VIDEO_GATE = Gate(_audio_video_ok, _(
    "本案有须音像记录的执法环节，尚未上传音像记录：对调查取证、查封扣押等环节应当全过程记录（行政处罚法第四十七条）"))
HEARING_REQUEST_GATE = Gate(_hearing_request_in_time, _hearing_message)
HEARING_PERIOD_GATE = Gate(_hearing_period_over, _(
    "已告知听证权利，当事人要求听证的期限（告知后五日）尚未届满，不能作出决定（行政处罚法第六十四条）"))
MAJOR_GATE = Gate(_major, _("只有重大执法决定须经法制审核（行政处罚法第五十八条）"))
REVIEW_GATE = Gate(_review_passed, _(
    "重大执法决定未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）"))
DISCUSSION_GATE = Gate(_discussed, _(
    "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定（行政处罚法第五十七条）"))
INDEPENDENT_GATE = Gate(_reviewer_independent, _(
    "请指定法制审核人员，且审核人员不得是本案的承办执法人员（行政处罚法第五十八条；国办发〔2018〕118号）"))
QUALIFIED_GATE = Gate(_reviewer_qualified, _(
    "初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格（行政处罚法第五十八条）"))
DATE_GATE = Gate(_not_before_registration, _("决定日期不得早于立案日期（行政处罚法第六十条：自立案之日起计算）"))
DECISION_LIMIT_GATE = Gate(_within_decision_limit, _decision_limit_message)
PENALTY_GATE = Gate(_penalty_stated, _(
    "给予行政处罚的，请填写罚款金额或其他处罚种类（行政处罚法第五十九条：决定书载明行政处罚的种类和依据）"))
INTENDED_PENALTY_GATE = Gate(_penalty_intended, _(
    "请先填写拟作出的行政处罚（罚款金额、没收金额或其他处罚种类）：告知书须载明拟作出的行政处罚内容（行政处罚法第四十四条），"
    "并据此确定是否告知听证权利（第六十三条）"))


def _hearing_due_message(case: Any) -> str:
    return gettext("拟作出的处罚属于行政处罚法第六十三条情形（%(grounds)s），告知时未告知听证权利：须重新告知当事人有要求听证的权利"
                   "（行政处罚法第六十三条、第六十四条）") % {"grounds": "；".join(case.hearing_grounds())}


HEARING_DUE_GATE = Gate(_hearing_notified_if_due, _hearing_due_message)
OUTCOME_GATE = Gate(_outcome_fits, lambda case: gettext("请选择适用于%(type)s的处理结果（可选：%(allowed)s）") % {
    "type": case.get_act_type_display(), "allowed": "、".join(str(o.label) for o in OUTCOMES.get(case.act_type, ()))})
REFUSAL_GATE = Gate(_refusal_explained, _(
    "不予行政许可的书面决定应当说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利（行政许可法第三十八条）："
    "请填写决定理由并确认已告知复议、诉讼权利"))
APPROVAL_GATE = Gate(_approved, _(
    "实施行政强制措施前须向行政机关负责人报告并经批准（行政强制法第十八条第一项）；情况紧急需要当场实施的，"
    "请办理“紧急情况当场实施”，并在二十四小时内报告、补办批准手续（第十九条）"))
COERCION_OFFICERS_GATE = Gate(_officers_ok, _(
    "行政强制措施应当由两名以上具备资格的行政执法人员实施（行政强制法第十八条第二项、第十七条第三款）：承办人员中持有效执法证的不足两人"))
CONTINUOUS_RECORDING_GATE = Gate(_continuous_recording, _(
    "查封、扣押应当全程不间断音像记录，尚未上传音像记录（行政处罚法第四十七条；国办发〔2018〕118号）"))
INSPECTION_OFFICERS_GATE = Gate(_officers_ok, _(
    "行政检查应当由两名以上执法人员实施并出示执法证件（行政处罚法第四十二条、第五十五条）：承办人员中持有效执法证的不足两人"))
CLOSE_GATE = Gate(_closable_after_service, _("给予行政处罚的决定须公示、执行后结案（行政处罚法第四十八条、第六十七条）"))


def _setter(field: str, **extra: Any):  # noqa: ANN202
    def effect(record: Any, *, actor: Any, data: dict) -> None:
        setattr(record, field, step_date(record))
        for name, value in extra.items():
            setattr(record, name, value)
    return effect


def _hearing_requested(record: Any, *, actor: Any, data: dict) -> None:
    record.hearing_requested_on = step_date(record)


def _passed(record: Any, *, actor: Any, data: dict) -> None:
    record.reviewed_on = step_date(record)
    record.review_conclusion = ReviewConclusion.PASSED


def _notified(record: Any, *, actor: Any, data: dict) -> None:
    record.notified_on = step_date(record)
    record.audio_video_recorded = _has_attachment(record, "audio_video")


def _decided(record: Any, *, actor: Any, data: dict) -> None:
    record.decided_on = step_date(record)
    record.publicity_due_on = record.compute_publicity_due_on()
    if not record.audio_video_recorded:
        record.audio_video_recorded = _has_attachment(record, "audio_video")


def _notified_with_hearing_right(record: Any, *, actor: Any, data: dict) -> None:
    _notified(record, actor=actor, data=data)
    # The notice tells the party of the hearing right where the intended penalty gives one (第六十三条).
    record.hearing_right = bool(record.hearing_grounds())


def _approved_effect(record: Any, *, actor: Any, data: dict) -> None:
    record.approved_on = step_date(record)


def _imposed(record: Any, *, actor: Any, data: dict) -> None:
    record.imposed_on = step_date(record)
    record.decision_due_on = record.compute_decision_due_on()
    record.audio_video_recorded = _has_attachment(record, "audio_video")


def _inspected(record: Any, *, actor: Any, data: dict) -> None:
    record.inspected_on = step_date(record)
    record.audio_video_recorded = _has_attachment(record, "audio_video")


def _released_unapproved(record: Any, *, actor: Any, data: dict) -> None:
    record.outcome = Outcome.RELEASED
    _decided(record, actor=actor, data=data)


def _returned(record: Any, *, actor: Any, data: dict) -> None:
    record.reviewed_on = step_date(record)
    record.review_conclusion = ReviewConclusion.RETURNED


DECIDE_FROM = (S.NOTIFIED, S.HEARD, S.REVIEW_PASSED, S.DISCUSSED)
LICENCE_LAW = "行政许可法"
COERCION_LAW = "行政强制法"
PUBLICITY_BASIS = "国办发〔2018〕118号"
PUBLISHED_STATES = (S.PUBLISHED, S.LICENCE_PUBLISHED, S.COERCION_PUBLISHED, S.INSPECTION_PUBLISHED)

# The shorter procedures. The engine keys one procedure to a model, so the four act types share this
# one declaration: each type starts in its own initial state (set at registration, INITIAL_STATE) and
# has states of its own, so only its steps ever leave them; they meet again in 已结案 (closed).
LICENCE_TRANSITIONS = [
    Transition("request_licence_hearing", _("申请人、利害关系人要求听证"), source=S.LICENCE_ACCEPTED,
               target=S.LICENCE_HEARING, permission=HANDLERS, dated=True, effect=_hearing_requested,
               basis=f"{LICENCE_LAW}第四十六条、第四十七条"),
    Transition("hold_licence_hearing", _("举行许可听证"), source=S.LICENCE_HEARING, target=S.LICENCE_HEARD,
               permission=HANDLERS, dated=True, required_attachments=["hearing_record"],
               effect=_setter("hearing_held_on"), basis=f"{LICENCE_LAW}第四十八条"),
    # A decision after the limit is not refused (the applicant is better served late than never): it
    # is flagged on the case and counted by 按期作出决定率.
    Transition("decide_licence", _("作出行政许可决定"), source=(S.LICENCE_ACCEPTED, S.LICENCE_HEARD),
               target=S.LICENCE_DECIDED, permission=DECIDERS, dated=True,
               gates=[OFFICERS_GATE, DATE_GATE, OUTCOME_GATE, REFUSAL_GATE],
               required_fields=[Required("outcome", f"{LICENCE_LAW}第三十八条")],
               required_attachments=["licence_decision"],
               start=[lim.LICENCE_PUBLICITY.key], stop=[lim.LICENCE_DECISION.key], effect=_decided,
               basis=f"{LICENCE_LAW}第三十四条、第三十八条、第四十二条"),
    Transition("publish_licence", _("公示许可决定"), source=S.LICENCE_DECIDED, target=S.LICENCE_PUBLISHED,
               permission=DECIDERS, dated=True, stop=[lim.LICENCE_PUBLICITY.key], effect=_setter("published_on"),
               basis=f"{LICENCE_LAW}第四十条；{PUBLICITY_BASIS}"),
]
COERCION_TRANSITIONS = [
    Transition("approve_measure", _("负责人批准实施强制措施"), source=S.COERCION_PROPOSED, target=S.COERCION_APPROVED,
               permission=DECIDERS, dated=True, required_attachments=["approval"], effect=_approved_effect,
               basis=f"{COERCION_LAW}第十八条第一项"),
    Transition("impose_measure", _("实施强制措施"), source=(S.COERCION_PROPOSED, S.COERCION_APPROVED),
               target=S.COERCION_IN_FORCE, permission=HANDLERS, dated=True,
               gates=[APPROVAL_GATE, COERCION_OFFICERS_GATE, CONTINUOUS_RECORDING_GATE],
               required_attachments=["measure_decision", "on_site_record"], start=[lim.MEASURE_TERM.key],
               effect=_imposed, basis=f"{COERCION_LAW}第十八条、第二十四条"),
    Transition("impose_emergency", _("紧急情况当场实施"), source=S.COERCION_PROPOSED, target=S.COERCION_EMERGENCY,
               permission=HANDLERS, dated=True, comment_required=True,
               gates=[COERCION_OFFICERS_GATE, CONTINUOUS_RECORDING_GATE],
               required_attachments=["on_site_record"], start=[lim.MEASURE_TERM.key, lim.EMERGENCY_REPORT.key],
               effect=_imposed, basis=f"{COERCION_LAW}第十九条"),
    Transition("approve_afterwards", _("负责人补办批准"), source=S.COERCION_EMERGENCY, target=S.COERCION_IN_FORCE,
               permission=DECIDERS, dated=True, required_attachments=["approval", "measure_decision"],
               stop=[lim.EMERGENCY_REPORT.key], effect=_approved_effect, basis=f"{COERCION_LAW}第十九条"),
    Transition("release_unapproved", _("负责人不予批准，立即解除"), source=S.COERCION_EMERGENCY,
               target=S.COERCION_DECIDED, permission=DECIDERS, dated=True, comment_required=True,
               stop=[lim.EMERGENCY_REPORT.key, lim.MEASURE_TERM.key], start=[lim.OTHER_PUBLICITY.key],
               effect=_released_unapproved, style="secondary", basis=f"{COERCION_LAW}第十九条"),
    # Deciding after the term is not refused (the measure must then be lifted, 第二十八条第一款第四项):
    # it is flagged and counted as late.
    Transition("decide_measure", _("作出处理决定"), source=S.COERCION_IN_FORCE, target=S.COERCION_DECIDED,
               permission=DECIDERS, dated=True, gates=[OUTCOME_GATE, DATE_GATE],
               required_fields=[Required("outcome", f"{COERCION_LAW}第二十七条、第二十八条")],
               required_attachments=["decision"], stop=[lim.MEASURE_TERM.key], start=[lim.OTHER_PUBLICITY.key],
               effect=_decided, basis=f"{COERCION_LAW}第二十七条、第二十八条"),
    Transition("publish_measure", _("公示处理决定"), source=S.COERCION_DECIDED, target=S.COERCION_PUBLISHED,
               permission=DECIDERS, dated=True, stop=[lim.OTHER_PUBLICITY.key], effect=_setter("published_on"),
               basis=PUBLICITY_BASIS),
]
INSPECTION_TRANSITIONS = [
    Transition("inspect", _("实施检查"), source=S.INSPECTION_PLANNED, target=S.INSPECTION_INSPECTED,
               permission=HANDLERS, dated=True, gates=[INSPECTION_OFFICERS_GATE],
               required_attachments=["inspection_record"], effect=_inspected,
               basis=f"{LAW}第五十五条；{PUBLICITY_BASIS}（执法全过程记录）"),
    Transition("conclude_inspection", _("作出检查结论"), source=S.INSPECTION_INSPECTED, target=S.INSPECTION_CONCLUDED,
               permission=HANDLERS | DECIDERS, dated=True, gates=[OUTCOME_GATE, DATE_GATE],
               required_fields=[Required("outcome", f"{LAW}第五十四条")],
               start=[lim.OTHER_PUBLICITY.key], effect=_decided, basis=f"{LAW}第五十四条"),
    Transition("publish_inspection", _("公示检查结果"), source=S.INSPECTION_CONCLUDED, target=S.INSPECTION_PUBLISHED,
               permission=DECIDERS, dated=True, stop=[lim.OTHER_PUBLICITY.key], effect=_setter("published_on"),
               basis=f"{PUBLICITY_BASIS}（其他行政执法信息20个工作日内公开）；企业信息公示暂行条例第六条"),
]


@register
class EnforcementCaseProcedure(Procedure):
    model = "cases.EnforcementCase"
    label = _("行政执法案件办理程序（处罚、许可、强制、检查）")
    basis = "《中华人民共和国行政处罚法》（2021）；《行政许可法》；《行政强制法》；国办发〔2018〕118号"
    state_field = "state"
    states = [State(key, label, final=key in (S.CLOSED, S.WITHDRAWN)) for key, label in S.choices]
    initial = S.REGISTERED
    limits = lim.ALL
    attachment_kinds = [
        AttachmentKind("audio_video", _("音像记录"), basis=f"{LAW}第四十七条"),
        AttachmentKind("evidence", _("证据材料、调查笔录"), basis=f"{LAW}第五十四条、第五十五条"),
        AttachmentKind("notice", _("行政处罚事先告知书"), basis=f"{LAW}第四十四条"),
        AttachmentKind("hearing_record", _("听证笔录"), basis=f"{LAW}第六十五条"),
        AttachmentKind("review_opinion", _("法制审核意见"), basis=f"{LAW}第五十八条"),
        AttachmentKind("decision", _("行政处罚决定书"), basis=f"{LAW}第五十九条"),
        AttachmentKind("service_proof", _("送达回证"), basis=f"{LAW}第六十一条"),
        AttachmentKind("licence_decision", _("行政许可决定书"), basis=f"{LICENCE_LAW}第三十八条"),
        AttachmentKind("approval", _("强制措施审批表"), basis=f"{COERCION_LAW}第十八条第一项、第十九条"),
        AttachmentKind("measure_decision", _("查封、扣押（冻结）决定书和清单"), basis=f"{COERCION_LAW}第二十四条"),
        AttachmentKind("on_site_record", _("现场笔录"), basis=f"{COERCION_LAW}第十八条第七项"),
        AttachmentKind("inspection_record", _("检查记录（现场笔录）"), basis=f"{LAW}第五十五条"),
    ]
    transitions = [
        Transition("investigate", _("开始调查取证"), source=S.REGISTERED, target=S.INVESTIGATING,
                   permission=HANDLERS, dated=True, gates=[OFFICERS_GATE], basis=f"{LAW}第五十四条、第五十五条"),
        Transition("notify", _("告知拟处罚内容及权利"), source=S.INVESTIGATING, target=S.NOTIFIED,
                   permission=HANDLERS, dated=True, gates=[OFFICERS_GATE, AUDIO_VIDEO_GATE, INTENDED_PENALTY_GATE],
                   required_attachments=["evidence", "notice"], basis=f"{LAW}第四十四条、第四十五条、第六十三条",
                   effect=_notified_with_hearing_right,
                   required_fields=[Required("facts", f"{LAW}第四十四条（告知事实、理由、依据）")]),
        Transition("request_hearing", _("当事人要求听证"), source=S.NOTIFIED, target=S.HEARING,
                   permission=HANDLERS, dated=True, gates=[HEARING_REQUEST_GATE], effect=_hearing_requested,
                   basis=f"{LAW}第六十三条、第六十四条"),
        Transition("hold_hearing", _("举行听证"), source=S.HEARING, target=S.HEARD, permission=HANDLERS,
                   dated=True, required_attachments=["hearing_record"], effect=_setter("hearing_held_on"),
                   basis=f"{LAW}第六十四条、第六十五条"),
        Transition("submit_review", _("送法制审核"), source=(S.NOTIFIED, S.HEARD), target=S.LEGAL_REVIEW,
                   permission=HANDLERS, dated=True, gates=[MAJOR_GATE, HEARING_PERIOD_GATE],
                   start=[lim.LEGAL_REVIEW.key], basis=f"{LAW}第五十八条"),
        Transition("pass_review", _("法制审核通过"), source=S.LEGAL_REVIEW, target=S.REVIEW_PASSED,
                   permission=REVIEWERS, dated=True, gates=[INDEPENDENT_GATE, QUALIFIED_GATE],
                   required_attachments=["review_opinion"], stop=[lim.LEGAL_REVIEW.key], effect=_passed,
                   basis=f"{LAW}第五十八条"),
        Transition("return_review", _("法制审核退回"), source=S.LEGAL_REVIEW, target=S.INVESTIGATING,
                   permission=REVIEWERS, dated=True, comment_required=True, gates=[INDEPENDENT_GATE],
                   stop=[lim.LEGAL_REVIEW.key], effect=_returned, style="secondary", basis=f"{LAW}第五十八条"),
        Transition("discuss", _("负责人集体讨论"), source=(S.NOTIFIED, S.HEARD, S.REVIEW_PASSED), target=S.DISCUSSED,
                   permission=DECIDERS, dated=True, gates=[REVIEW_GATE, HEARING_PERIOD_GATE],
                   effect=_setter("discussed_on"), basis=f"{LAW}第五十七条"),
        Transition("decide", _("作出决定"), source=DECIDE_FROM, target=S.DECIDED, permission=DECIDERS, dated=True,
                   gates=[OFFICERS_GATE, REVIEW_GATE, DISCUSSION_GATE, HEARING_PERIOD_GATE, HEARING_DUE_GATE,
                          DATE_GATE, DECISION_LIMIT_GATE, PENALTY_GATE, OUTCOME_GATE],
                   required_fields=[Required("outcome", f"{LAW}第五十七条")],
                   required_attachments=["decision"],
                   start=[lim.SERVICE.key, lim.PUBLICITY.key], stop=[lim.DECISION.key],
                   effect=_decided, basis=f"{LAW}第五十七条、第五十九条、第六十条"),
        Transition("serve", _("送达决定书"), source=S.DECIDED, target=S.SERVED, permission=HANDLERS, dated=True,
                   stop=[lim.SERVICE.key], effect=_setter("served_on"), basis=f"{LAW}第六十一条"),
        Transition("publish", _("在门户网站公示"), source=S.SERVED, target=S.PUBLISHED, permission=DECIDERS,
                   dated=True, stop=[lim.PUBLICITY.key], effect=_setter("published_on"),
                   basis=f"{LAW}第四十八条；国办发〔2018〕118号"),
        Transition("execute", _("执行完毕"), source=S.PUBLISHED, target=S.EXECUTED, permission=HANDLERS, dated=True,
                   effect=_setter("executed_on"), basis=f"{LAW}第六十六条、第六十七条"),
        Transition("close", _("结案"), source=(S.SERVED, S.EXECUTED, *PUBLISHED_STATES), target=S.CLOSED,
                   permission=DECIDERS, dated=True, gates=[CLOSE_GATE], effect=_setter("closed_on"),
                   stop=[lim.SERVICE.key, lim.PUBLICITY.key, lim.LICENCE_PUBLICITY.key, lim.OTHER_PUBLICITY.key]),
        Transition("revoke", _("决定被变更或撤销"), source=(S.PUBLISHED, S.EXECUTED), target=S.REVOKED,
                   permission=DECIDERS, dated=True, comment_required=True, start=[lim.WITHDRAWAL.key],
                   style="secondary", basis=f"{LAW}第四十八条"),
        Transition("withdraw_publication", _("撤下公示"), source=S.REVOKED, target=S.WITHDRAWN, permission=DECIDERS,
                   dated=True, stop=[lim.WITHDRAWAL.key], effect=_setter("publication_withdrawn_on"),
                   basis=f"{LAW}第四十八条"),
        *LICENCE_TRANSITIONS, *COERCION_TRANSITIONS, *INSPECTION_TRANSITIONS,
    ]
