"""The procedure of a normative document, from drafting to in force (国办发〔2018〕37号、115号)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.procedures import clock
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Procedure,
    Required,
    Start,
    State,
    Transition,
    has_role,
    register,
)
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import DocumentState as S
from fazhi.rulemaking.models import FilingConclusion, add_years

DRAFTERS = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR)
REVIEWERS = has_role(Role.REVIEWER)


def _comment_long_enough(doc: Any) -> bool:
    return rules.comment_period_complete(doc, clock.today())


def _review_passed(doc: Any) -> bool:
    latest = doc.reviews.order_by("-reviewed_on", "-pk").first()
    return latest is not None and latest.passed


def _deliberated(doc: Any) -> bool:
    latest = doc.deliberations.order_by("-held_on", "-pk").first()
    return latest is not None and latest.adopted


def _published_after_deliberation(doc: Any) -> bool:
    latest = doc.deliberations.order_by("-held_on", "-pk").first()
    return latest is None or doc.published_on is None or doc.published_on >= latest.held_on


def _effect_date_ok(doc: Any) -> bool:
    if doc.early_effect_reason.strip() or not (doc.published_on and doc.effective_on):
        return True
    return doc.effective_on >= rules.earliest_effective_on(doc)


def _filing_not_before_publication(doc: Any) -> bool:
    return doc.published_on is not None and clock.today() >= doc.published_on


def _open_comment(record: Any, *, actor: Any, data: dict) -> None:
    record.comment_opened_on = clock.today()


def _close_comment(record: Any, *, actor: Any, data: dict) -> None:
    record.comment_closed_on = clock.today()


def _publish(record: Any, *, actor: Any, data: dict) -> None:
    record.filing_due_on = rules.filing_due_on(record)
    if record.validity_years is None:
        record.validity_years = rules.validity_years_for(record)
    if record.effective_on:
        record.expires_on = add_years(record.effective_on, record.validity_years) - datetime.timedelta(days=1)


def _file(record: Any, *, actor: Any, data: dict) -> None:
    record.filed_on = clock.today()
    # The four required attachments are present (the step checks them), so the materials are complete.
    record.filing_materials_complete = True


def _conforming(record: Any, *, actor: Any, data: dict) -> None:
    record.filing_conclusion = FilingConclusion.CONFORMING


def _not_conforming(record: Any, *, actor: Any, data: dict) -> None:
    record.filing_conclusion = FilingConclusion.NOT_CONFORMING


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
    "报送备案不得早于公布日期（法规规章备案审查条例第四条）"))

FILING_BASIS = "法规规章备案审查条例第四条、第五条及地方备案规定"


@register
class NormativeDocumentProcedure(Procedure):
    model = "rulemaking.NormativeDocument"
    label = _("行政规范性文件制定程序")
    basis = "国办发〔2018〕37号、国办发〔2018〕115号"
    states = [
        State(S.DRAFTING, S.DRAFTING.label), State(S.PUBLIC_COMMENT, S.PUBLIC_COMMENT.label),
        State(S.LEGALITY_REVIEW, S.LEGALITY_REVIEW.label), State(S.DELIBERATION, S.DELIBERATION.label),
        State(S.REGISTERED, S.REGISTERED.label), State(S.PUBLISHED, S.PUBLISHED.label),
        State(S.FILED, S.FILED.label), State(S.CORRECTION, S.CORRECTION.label),
        State(S.IN_FORCE, S.IN_FORCE.label, final=True),
    ]
    initial = S.DRAFTING
    limits = rules.ALL
    attachment_kinds = [
        AttachmentKind("filing_report", _("备案报告"), basis=FILING_BASIS),
        AttachmentKind("document", _("规范性文件正式文本"), basis=FILING_BASIS),
        AttachmentKind("drafting_explanation", _("起草说明"), basis=FILING_BASIS),
        AttachmentKind("legality_opinion", _("合法性审核意见"), basis=FILING_BASIS),
        AttachmentKind("basis_documents", _("制定依据文件"), basis=FILING_BASIS),
    ]
    transitions = [
        Transition("open_comment", _("公开征求意见"), source=S.DRAFTING, target=S.PUBLIC_COMMENT,
                   permission=DRAFTERS, basis="优化营商环境条例第六十二条",
                   required_fields=["text", "drafting_explanation"], effect=_open_comment),
        Transition("close_comment", _("结束征求意见，送合法性审核"), source=S.PUBLIC_COMMENT,
                   target=S.LEGALITY_REVIEW, permission=DRAFTERS, gates=[COMMENT_GATE],
                   effect=_close_comment, start=[rules.LEGALITY_REVIEW.key]),
        Transition("to_deliberation", _("提交集体审议"), source=S.LEGALITY_REVIEW, target=S.DELIBERATION,
                   permission=DRAFTERS, gates=[REVIEW_GATE], stop=[rules.LEGALITY_REVIEW.key]),
        Transition("register", _("统一登记编号"), source=S.DELIBERATION, target=S.REGISTERED,
                   permission=DRAFTERS, gates=[DELIBERATION_GATE],
                   required_fields=[Required("document_number", "国办发〔2018〕37号（统一登记、统一编号）"),
                                    Required("registration_number", "国办发〔2018〕37号（统一登记、统一编号）")]),
        Transition("publish", _("公布"), source=S.REGISTERED, target=S.PUBLISHED, permission=DRAFTERS,
                   gates=[DELIBERATION_GATE, DATE_ORDER_GATE, EFFECT_GATE],
                   required_fields=[Required("published_on", "国办发〔2018〕37号（统一公布）"),
                                    Required("effective_on", "国办发〔2018〕37号（统一公布）")],
                   start=[Start(rules.FILING.key, on=lambda rec, data: rec.published_on)], effect=_publish),
        Transition("file", _("报送备案"), source=S.PUBLISHED, target=S.FILED, permission=DRAFTERS,
                   gates=[FILING_DATE_GATE], basis=FILING_BASIS,
                   required_attachments=["filing_report", "document", "drafting_explanation", "legality_opinion"],
                   stop=[rules.FILING.key], effect=_file),
        Transition("conform", _("备案审查：符合"), source=S.FILED, target=S.IN_FORCE, permission=REVIEWERS,
                   effect=_conforming),
        Transition("not_conform", _("备案审查：不符合"), source=S.FILED, target=S.CORRECTION,
                   permission=REVIEWERS, comment_required=True, effect=_not_conforming,
                   start=[rules.REFILING.key], style="secondary"),
        Transition("refile", _("纠正后重新报送备案"), source=S.CORRECTION, target=S.FILED, permission=DRAFTERS,
                   basis="法规规章备案审查条例第九条", stop=[rules.REFILING.key],
                   required_attachments=["filing_report", "document"]),
    ]
