"""The procedure of a normative document, from drafting to in force (国办发〔2018〕37号、115号)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import SYSTEM, Role, is_unrestricted
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Permission,
    Procedure,
    Required,
    Start,
    State,
    Transition,
    has_role,
    register,
    step_date,
)
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import VALID_STATES, FilingConclusion
from fazhi.rulemaking.models import DocumentState as S

DRAFTERS = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR)
REVIEWERS = has_role(Role.REVIEWER)
OFFICE = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR, Role.REVIEWER)
# Steps the platform takes itself (the daily lapse job; superseding on an amendment's publication).
SYSTEM_ONLY = Permission(lambda user, record: is_unrestricted(user), lambda: gettext("由系统自动办理"))


def _comment_long_enough(doc: Any) -> bool:
    return rules.comment_period_complete(doc, step_date(doc))


def _review_passed(doc: Any) -> bool:
    latest = doc.reviews.order_by("-reviewed_on", "-pk").first()
    return latest is not None and latest.passed


def _latest_deliberation(doc: Any) -> Any:
    return doc.deliberations.order_by("-held_on", "-pk").first()


def _deliberated(doc: Any) -> bool:
    latest = _latest_deliberation(doc)
    return latest is not None and latest.adopted


def _published_after_deliberation(doc: Any) -> bool:
    latest = _latest_deliberation(doc)
    return latest is None or doc.published_on is None or doc.published_on >= latest.held_on


def _effect_date_ok(doc: Any) -> bool:
    if doc.early_effect_reason.strip() or not (doc.published_on and doc.effective_on):
        return True
    return doc.effective_on >= rules.earliest_effective_on(doc)


def _filing_not_before_publication(doc: Any) -> bool:
    return doc.published_on is not None and step_date(doc) >= doc.published_on


def _expired(doc: Any) -> bool:
    return doc.expires_on is not None and step_date(doc) > doc.expires_on


def _open_comment(record: Any, *, actor: Any, data: dict) -> None:
    record.comment_opened_on = step_date(record)


def _close_comment(record: Any, *, actor: Any, data: dict) -> None:
    record.comment_closed_on = step_date(record)


def _register(record: Any, *, actor: Any, data: dict) -> None:
    record.registered_on = step_date(record)


def _publish(record: Any, *, actor: Any, data: dict) -> None:
    from fazhi.procedures.services import transition

    record.filing_due_on = rules.filing_due_on(record)
    if record.validity_years is None:
        record.validity_years = rules.validity_years_for(record)
    record.expires_on = rules.expires_on(record)
    # An amending document replaces the version it amends when it is published.
    if record.amends_id and record.amends.state in VALID_STATES:
        transition(actor=SYSTEM, record=record.amends, name="supersede",
                   comment=gettext("被《%(title)s》修改") % {"title": record.title},
                   data={"on": record.published_on.isoformat(), "by": record.pk})


def _file(record: Any, *, actor: Any, data: dict) -> None:
    record.filed_on = step_date(record)
    # The filing organ judges the materials when it reviews the filing (备案规范率).
    record.filing_materials_complete = None


def _review_date(record: Any) -> None:
    record.filing_reviewed_on = step_date(record)


def _conforming(record: Any, *, actor: Any, data: dict) -> None:
    _review_date(record)
    record.filing_conclusion = FilingConclusion.CONFORMING
    if record.filing_materials_complete is None:
        record.filing_materials_complete = True


def _not_conforming(record: Any, *, actor: Any, data: dict) -> None:
    _review_date(record)
    record.filing_conclusion = FilingConclusion.NOT_CONFORMING
    record.filing_findings = data.get("comment", "")
    record.nonconforming_on = record.nonconforming_on or step_date(record)
    if record.filing_materials_complete is None:
        record.filing_materials_complete = True


def _materials_incomplete(record: Any, *, actor: Any, data: dict) -> None:
    _review_date(record)
    record.filing_materials_complete = False
    record.filing_findings = data.get("comment", "")


def _corrected(record: Any, *, actor: Any, data: dict) -> None:
    record.corrected_on = step_date(record)


def _ended(record: Any, *, actor: Any, data: dict) -> None:
    record.ended_on = step_date(record)


def _comment_message(record: Any) -> str:
    return gettext("征求意见期未满：本文件征求意见期不少于%(limit)s（%(basis)s）") % rules.limit_text(
        record, rules.comment_limit(record))


def _effect_message(record: Any) -> str:
    return gettext("施行日期距公布不足%(limit)s且未说明提前施行理由（%(basis)s）") % rules.limit_text(
        record, rules.EFFECT_DELAY)


# The two limits below can be changed per region: their messages state the limit in force.
COMMENT_GATE = Gate(_comment_long_enough, _comment_message)
REVIEW_GATE = Gate(_review_passed, _(
    "未经合法性审核或审核未通过的，不得提交集体审议（国办发〔2018〕115号）"))
DELIBERATION_GATE = Gate(_deliberated, _(
    "未经集体审议通过的，不得登记、公布（国办发〔2018〕37号）"))
DATE_ORDER_GATE = Gate(_published_after_deliberation, _(
    "公布日期不得早于集体审议日期（国办发〔2018〕37号）"))
EFFECT_GATE = Gate(_effect_date_ok, _effect_message)
FILING_DATE_GATE = Gate(_filing_not_before_publication, _(
    "报送备案日期不得早于公布日期（法规规章备案审查条例第四条）"))
EXPIRED_GATE = Gate(_expired, _("有效期尚未届满，不能按到期失效处理（国办发〔2018〕37号）"))

FILING_BASIS = "法规规章备案审查条例第四条、第五条及地方备案规定"
ENDING_STOPS = [rules.FILING.key, rules.EVALUATION.key, rules.FILING_REVIEW.key, rules.CORRECTION.key, rules.REFILING.key]


@register
class NormativeDocumentProcedure(Procedure):
    model = "rulemaking.NormativeDocument"
    label = _("行政规范性文件制定程序")
    basis = "国办发〔2018〕37号、国办发〔2018〕115号"
    states = [State(key, label, final=key in (S.IN_FORCE, S.AMENDED, S.REPEALED, S.LAPSED))
              for key, label in S.choices]
    initial = S.DRAFTING
    limits = rules.ALL
    attachment_kinds = [
        AttachmentKind("filing_report", _("备案报告"), basis=FILING_BASIS),
        AttachmentKind("document", _("规范性文件正式文本"), basis=FILING_BASIS),
        AttachmentKind("drafting_explanation", _("起草说明"), basis=FILING_BASIS),
        AttachmentKind("legality_opinion", _("合法性审核意见"), basis=FILING_BASIS),
        AttachmentKind("basis_documents", _("制定依据文件"), basis=FILING_BASIS),
        AttachmentKind("draft", _("征求意见稿"), basis="优化营商环境条例第六十二条"),
    ]
    transitions = [
        Transition("open_comment", _("公开征求意见"), source=S.DRAFTING, target=S.PUBLIC_COMMENT,
                   permission=DRAFTERS, basis="优化营商环境条例第六十二条", dated=True,
                   required_fields=["text", "drafting_explanation"], effect=_open_comment),
        Transition("close_comment", _("结束征求意见，送合法性审核"), source=S.PUBLIC_COMMENT,
                   target=S.LEGALITY_REVIEW, permission=DRAFTERS, gates=[COMMENT_GATE], dated=True,
                   required_fields=[Required("comment_summary", "优化营商环境条例第六十二条（说明意见采纳情况）")],
                   effect=_close_comment, start=[rules.LEGALITY_REVIEW.key]),
        Transition("to_deliberation", _("提交集体审议"), source=S.LEGALITY_REVIEW, target=S.DELIBERATION,
                   permission=DRAFTERS, gates=[REVIEW_GATE], stop=[rules.LEGALITY_REVIEW.key]),
        Transition("register", _("统一登记编号"), source=S.DELIBERATION, target=S.REGISTERED,
                   permission=DRAFTERS, gates=[DELIBERATION_GATE], dated=True, effect=_register,
                   required_fields=[Required("document_number", "国办发〔2018〕37号（统一登记、统一编号）"),
                                    Required("registration_number", "国办发〔2018〕37号（统一登记、统一编号）")]),
        Transition("publish", _("公布"), source=S.REGISTERED, target=S.PUBLISHED, permission=DRAFTERS,
                   gates=[DELIBERATION_GATE, DATE_ORDER_GATE, EFFECT_GATE],
                   required_fields=[Required("published_on", "国办发〔2018〕37号（统一公布）"),
                                    Required("effective_on", "国办发〔2018〕37号（统一公布）")],
                   start=[Start(rules.FILING.key, on=lambda rec, data: rec.published_on)],
                   effect=_publish),
        Transition("file", _("报送备案"), source=S.PUBLISHED, target=S.FILED, permission=DRAFTERS,
                   gates=[FILING_DATE_GATE], basis=FILING_BASIS, dated=True,
                   required_attachments=["filing_report", "document", "drafting_explanation", "legality_opinion"],
                   stop=[rules.FILING.key], start=[rules.FILING_REVIEW.key], effect=_file),
        Transition("conform", _("备案审查：符合"), source=S.FILED, target=S.IN_FORCE, permission=REVIEWERS,
                   dated=True, stop=[rules.FILING_REVIEW.key], effect=_conforming),
        Transition("not_conform", _("备案审查：不符合，责令纠正"), source=S.FILED, target=S.CORRECTION,
                   permission=REVIEWERS, comment_required=True, dated=True, effect=_not_conforming,
                   stop=[rules.FILING_REVIEW.key], start=[rules.CORRECTION.key], style="secondary"),
        Transition("request_materials", _("备案材料不齐全，通知补充报送"), source=S.FILED, target=S.MATERIALS,
                   permission=REVIEWERS, comment_required=True, dated=True, effect=_materials_incomplete,
                   basis="法规规章备案审查条例第九条", stop=[rules.FILING_REVIEW.key], start=[rules.REFILING.key],
                   style="secondary"),
        Transition("supplement", _("补充报送备案材料"), source=S.MATERIALS, target=S.FILED, permission=DRAFTERS,
                   dated=True, basis="法规规章备案审查条例第九条", stop=[rules.REFILING.key],
                   start=[rules.FILING_REVIEW.key], required_attachments=["filing_report", "document"]),
        Transition("refile", _("纠正后重新报送备案"), source=S.CORRECTION, target=S.FILED, permission=DRAFTERS,
                   basis="法规规章备案审查条例第九条", dated=True, stop=[rules.CORRECTION.key],
                   start=[rules.FILING_REVIEW.key], required_attachments=["filing_report", "document"],
                   effect=_corrected),
        Transition("repeal", _("废止"), source=VALID_STATES, target=S.REPEALED, permission=OFFICE,
                   comment_required=True, dated=True, stop=ENDING_STOPS, effect=_ended, style="secondary",
                   basis="国办发〔2018〕37号（文件清理、废止）"),
        Transition("declare_lapsed", _("宣布失效"), source=VALID_STATES, target=S.LAPSED, permission=OFFICE,
                   comment_required=True, dated=True, stop=ENDING_STOPS, effect=_ended, style="secondary",
                   basis="国办发〔2018〕37号（文件清理）"),
        Transition("lapse", _("有效期届满失效"), source=VALID_STATES, target=S.LAPSED, permission=SYSTEM_ONLY,
                   gates=[EXPIRED_GATE], dated=True, stop=ENDING_STOPS, effect=_ended,
                   basis="国办发〔2018〕37号及地方规定（有效期届满自动失效）"),
        Transition("supersede", _("被修改文件替代"), source=VALID_STATES, target=S.AMENDED, permission=SYSTEM_ONLY,
                   dated=True, stop=ENDING_STOPS, effect=_ended),
    ]
