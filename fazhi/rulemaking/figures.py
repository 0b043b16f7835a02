"""Figures of normative documents (definitions: RULES.md "Normative documents")."""

import datetime

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module
from fazhi.procedures import clock
from fazhi.rulemaking.models import VALID_STATES, Adoption, CampaignState, CleanupDecision, DocumentState

MODULE = "rulemaking"
RATES_SOURCE = _("内蒙古自治区规范性文件备案审查工作通知（2011年）所载计算口径；法治政府建设示范指标要求"
                 "报备率、及时率、规范率均达100%")
PUBLISHED = Q(published_on__isnull=False)
FILED = Q(filed_on__isnull=False)

register_module(MODULE, _("行政规范性文件"), order=20)

register(Figure(
    key="rulemaking.documents.published", label=_("公布的规范性文件数"), kind=Kind.COUNT,
    model="rulemaking.NormativeDocument", module=MODULE, measure=_("件"), filter=PUBLISHED,
    date_field="published_on", order=10,
    definition=_("统计期间内公布的行政规范性文件（按公布日期，按起草单位所属区划统计）。"),
    source=_("国办发〔2018〕37号（统一登记、统一编号、统一公布）"),
))
register(Figure(
    key="rulemaking.reviews.done", label=_("合法性审核件数"), kind=Kind.COUNT,
    model="rulemaking.LegalityReview", module=MODULE, measure=_("件"), date_field="reviewed_on", order=20,
    definition=_("统计期间内出具的合法性审核意见（含通过、修改后通过、不予通过）。"),
    source=_("国办发〔2018〕115号"),
))
register(Figure(
    key="rulemaking.documents.filed", label=_("报送备案文件数"), kind=Kind.COUNT,
    model="rulemaking.NormativeDocument", module=MODULE, measure=_("件"), filter=FILED,
    date_field="filed_on", order=30,
    definition=_("统计期间内报送备案的行政规范性文件（按报送备案日期）。"),
    source=_("法规规章备案审查条例第四条；地方规范性文件备案规定"),
))
register(Figure(
    key="rulemaking.filing.rate", label=_("报备率"), kind=Kind.RATE, model="rulemaking.NormativeDocument",
    module=MODULE, denominator=PUBLISHED, numerator=FILED, date_field="published_on", order=40,
    definition=_("报备率 = 已报送备案的文件 ÷ 应当报送备案的文件（统计期间内公布的文件）。"),
    source=RATES_SOURCE,
))
register(Figure(
    key="rulemaking.filing.on_time_rate", label=_("备案及时率"), kind=Kind.RATE,
    model="rulemaking.NormativeDocument", module=MODULE, denominator=FILED & Q(filing_due_on__isnull=False),
    numerator=Q(filed_on__lte=F("filing_due_on")), date_field="filed_on", order=50,
    definition=_("备案及时率 = 在报送备案期限内（公布之日起30日，届满日为节假日的顺延）报送的文件 ÷ "
                 "报送备案的文件（按报送备案日期）。"),
    source=RATES_SOURCE,
))
register(Figure(
    key="rulemaking.filing.conformity_rate", label=_("备案规范率"), kind=Kind.RATE,
    model="rulemaking.NormativeDocument", module=MODULE, denominator=FILED & Q(filing_materials_complete__isnull=False),
    numerator=Q(filing_materials_complete=True), date_field="filed_on", order=60,
    definition=_("备案规范率 = 备案材料（备案报告、文件正式文本、起草说明、合法性审核意见等）经备案审查机关认定"
                 "齐全规范、无须补充报送的备案 ÷ 已作出认定的报送备案文件（按报送备案日期；尚未审查的不计入）。"),
    source=RATES_SOURCE,
))


for order, (outcome, label) in enumerate(
        (("pass", _("合法性审核通过件数")), ("pass_after_changes", _("合法性审核修改后通过件数")),
         ("fail", _("合法性审核不予通过件数"))), start=21):
    register(Figure(
        key=f"rulemaking.reviews.{outcome}", label=label, kind=Kind.COUNT, model="rulemaking.LegalityReview",
        module=MODULE, measure=_("件"), filter=Q(outcome=outcome), date_field="reviewed_on", order=order,
        definition=_("统计期间内出具的合法性审核意见中，结论为该项的件数。"), source=_("国办发〔2018〕115号"),
    ))

register(Figure(
    key="rulemaking.publication.rate", label=_("公布率"), kind=Kind.RATE, model="rulemaking.NormativeDocument",
    module=MODULE, denominator=Q(registered_on__isnull=False), numerator=PUBLISHED, date_field="registered_on",
    order=65,
    definition=_("公布率 = 已公布的文件 ÷ 统一登记编号（制发）的文件（按登记日期）。未经公布的文件不得作为行政管理依据。"),
    source=RATES_SOURCE,
))
register(Figure(
    key="rulemaking.filing.nonconforming", label=_("备案审查发现不符合的文件数"), kind=Kind.COUNT,
    model="rulemaking.NormativeDocument", module=MODULE, measure=_("件"), filter=Q(nonconforming_on__isnull=False),
    date_field="nonconforming_on", order=70,
    definition=_("统计期间内备案审查认定存在违法或不适当问题、责令纠正的文件（按认定日期）。"),
    source=_("法规规章备案审查条例第十条至第十二条；地方备案审查规定"),
))
register(Figure(
    key="rulemaking.filing.correction_rate", label=_("纠错率"), kind=Kind.RATE,
    model="rulemaking.NormativeDocument", module=MODULE, denominator=Q(nonconforming_on__isnull=False),
    numerator=Q(corrected_on__isnull=False), date_field="nonconforming_on", order=75,
    definition=_("纠错率 = 已纠正的文件 ÷ 备案审查认定不符合的文件（按认定日期）。"),
    source=RATES_SOURCE,
))
register(Figure(
    key="rulemaking.documents.valid", label=_("现行有效的规范性文件数"), kind=Kind.COUNT,
    model="rulemaking.NormativeDocument", module=MODULE, measure=_("件"), filter=Q(state__in=VALID_STATES),
    order=80,
    definition=_("当前已公布且未被修改、废止或失效的文件（时点数，不按期间统计）。"),
    source=_("国办发〔2018〕37号（及时公布现行有效的规范性文件目录）"),
))


def _expiring() -> Q:
    today = clock.today()
    return Q(state__in=VALID_STATES, expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=183))


register(Figure(
    key="rulemaking.documents.expiring", label=_("6个月内有效期届满的文件数"), kind=Kind.COUNT,
    model="rulemaking.NormativeDocument", module=MODULE, measure=_("件"), filter=_expiring, order=85,
    definition=_("现行有效、有效期将在今天起6个月内届满的文件（时点数），应在届满前完成评估。"),
    source=_("国办发〔2018〕37号及地方规定（有效期届满前6个月内评估）"),
))
for order, (state, label) in enumerate(((DocumentState.REPEALED, _("废止的文件数")),
                                        (DocumentState.LAPSED, _("失效的文件数")),
                                        (DocumentState.AMENDED, _("被修改的文件数"))), start=90):
    register(Figure(
        key=f"rulemaking.documents.{state}", label=label, kind=Kind.COUNT, model="rulemaking.NormativeDocument",
        module=MODULE, measure=_("件"), filter=Q(state=state), date_field="ended_on", order=order,
        definition=_("统计期间内废止、失效（含到期自动失效和清理宣布失效）或被修改文件替代的文件（按终止日期）。"),
        source=_("国办发〔2018〕37号"),
    ))
register(Figure(
    key="rulemaking.evaluations.done", label=_("到期前评估的文件数"), kind=Kind.COUNT,
    model="rulemaking.DocumentEvaluation", module=MODULE, measure=_("件"), count_field="document", distinct=True,
    date_field="evaluated_on", order=100,
    definition=_("统计期间内完成评估的文件（同一文件多次评估计一件）。"),
    source=_("国办发〔2018〕37号及地方规定"),
))
CLEANUP_LABELS = {CleanupDecision.KEEP: _("清理中保留的文件数"), CleanupDecision.AMEND: _("清理中决定修改的文件数"),
                  CleanupDecision.REPEAL: _("清理中废止的文件数"), CleanupDecision.LAPSE: _("清理中宣布失效的文件数")}
for order, (decision, label) in enumerate(CLEANUP_LABELS.items(), start=110):
    register(Figure(
        key=f"rulemaking.cleanup.{decision.value}", label=label, kind=Kind.COUNT, model="rulemaking.CleanupItem",
        module=MODULE, measure=_("件"), filter=Q(campaign__state=CampaignState.PUBLISHED, decision=decision),
        date_field="campaign__published_on", order=order,
        definition=_("统计期间内公布结果的文件清理中，作出该项清理结论的文件数（按清理结果公布日期）。"),
        source=_("国办发〔2018〕37号（定期清理）"),
    ))
register(Figure(
    key="rulemaking.drafting_bodies.confirmed", label=_("确认的制定主体数"), kind=Kind.COUNT,
    model="rulemaking.DraftingBody", module=MODULE, measure=_("个"), filter=Q(confirmed=True), order=120,
    definition=_("经确认并公布、可以制定行政规范性文件的主体（时点数）。"),
    source=_("国办发〔2018〕37号（严格确定制定主体）"),
))
register(Figure(
    key="rulemaking.comments.received", label=_("收到公众意见数"), kind=Kind.COUNT,
    model="rulemaking.PublicComment", module=MODULE, measure=_("条"), date_field="submitted_at", order=130,
    definition=_("统计期间内通过门户网站对公开征求意见的草案提交的意见（按提交时间，含未公开的）。"),
    source=_("优化营商环境条例第六十二条"),
))
register(Figure(
    key="rulemaking.comments.adopted", label=_("采纳（含部分采纳）的公众意见数"), kind=Kind.COUNT,
    model="rulemaking.PublicComment", module=MODULE, measure=_("条"),
    filter=Q(adoption__in=[Adoption.ADOPTED, Adoption.PARTLY]), date_field="submitted_at", order=135,
    definition=_("统计期间内提交、起草单位决定采纳或部分采纳的公众意见（按提交时间）。"),
    source=_("优化营商环境条例第六十二条"),
))
