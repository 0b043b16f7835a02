"""Figures of normative documents (definitions: RULES.md "Normative documents")."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module

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
    model="rulemaking.NormativeDocument", module=MODULE, denominator=FILED,
    numerator=Q(filing_materials_complete=True), date_field="filed_on", order=60,
    definition=_("备案规范率 = 备案材料（备案报告、文件正式文本、起草说明、合法性审核意见等）齐全规范的"
                 "备案 ÷ 报送备案的文件（按报送备案日期）。"),
    source=RATES_SOURCE,
))
