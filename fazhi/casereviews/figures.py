"""Figures of case-file review and enforcement supervision: files reviewed, average score, files per
grade, findings, findings corrected and the correction rate, reminder letters, wrong-case accountability."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.casereviews.models import FindingState, Grade
from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module

MODULE = "casereviews"
REVIEW = "casereviews.FileReview"
FINDING = "casereviews.ReviewFinding"
SOURCE = _("行政执法案卷评查制度（《法治政府建设实施纲要（2021－2025年）》：完善行政执法监督）；评查评分表")
ACCOUNTABILITY_SOURCE = _("行政执法责任制和责任追究制度（《法治政府建设实施纲要（2021－2025年）》）；行政错案责任追究规定")
SCORED = Q(scored_on__isnull=False)

register_module(MODULE, _("案卷评查与执法监督"), order=75)

register(Figure(
    key="casereviews.files.reviewed", label=_("评查案卷数"), kind=Kind.COUNT, model=REVIEW, module=MODULE,
    measure=_("卷"), filter=SCORED, date_field="scored_on", order=10,
    region_field="body__region", unit_field="body__unit",
    definition=_("统计期间内按评分表评分的抽取案卷（按评查日期，按被评查执法主体统计）。"), source=SOURCE,
))
register(Figure(
    key="casereviews.files.average_score", label=_("案卷评查平均分"), kind=Kind.AVERAGE, model=REVIEW, module=MODULE,
    measure=_("分"), filter=SCORED, expression="total", date_field="scored_on", order=11,
    region_field="body__region", unit_field="body__unit",
    definition=_("统计期间内已评分案卷总分的算术平均（百分制）；没有已评分案卷时无数值。"), source=SOURCE,
))
for order, (grade, label) in enumerate(Grade.choices, start=12):
    register(Figure(
        key=f"casereviews.files.{grade}", label=lazy_format(_("评查等次为%(grade)s的案卷数"), grade=label),
        kind=Kind.COUNT, model=REVIEW, module=MODULE, measure=_("卷"), filter=SCORED & Q(grade=grade),
        date_field="scored_on", order=order, region_field="body__region", unit_field="body__unit",
        definition=_("统计期间内已评分案卷中，按评分表的等次分数线评定为该等次的案卷数。"), source=SOURCE,
    ))
register(Figure(
    key="casereviews.findings.total", label=_("评查发现问题数"), kind=Kind.COUNT, model=FINDING, module=MODULE,
    measure=_("个"), date_field="returned_on", order=20,
    definition=_("统计期间内反馈执法主体整改的评查发现问题（按反馈日期，按执法主体统计）。"), source=SOURCE,
))
register(Figure(
    key="casereviews.findings.corrected", label=_("已整改验收问题数"), kind=Kind.COUNT, model=FINDING,
    module=MODULE, measure=_("个"), filter=Q(state=FindingState.ACCEPTED), date_field="accepted_on", order=21,
    definition=_("统计期间内经组织单位验收通过的评查发现问题（按验收日期）。"), source=SOURCE,
))
register(Figure(
    key="casereviews.findings.correction_rate", label=_("评查问题整改率"), kind=Kind.RATE, model=FINDING,
    module=MODULE, numerator=Q(state=FindingState.ACCEPTED), date_field="returned_on", order=22,
    definition=_("统计期间内反馈的评查发现问题中，已整改验收的比例（分母：按反馈日期计的问题数；分子：其中已验收的）。"),
    source=SOURCE,
))
register(Figure(
    key="casereviews.letters.total", label=_("评查督办函数"), kind=Kind.COUNT, model="casereviews.ReminderLetter",
    module=MODULE, measure=_("份"), date_field="issued_on", order=30,
    definition=_("统计期间内就评查发现问题向执法主体发出的督办函（提醒函）（按发函日期）。"), source=SOURCE,
))
register(Figure(
    key="casereviews.accountability.total", label=_("行政错案问责数"), kind=Kind.COUNT,
    model="casereviews.WrongCaseAccountability", module=MODULE, measure=_("件"), date_field="decided_on", order=40,
    definition=_("统计期间内作出问责决定的行政错案问责记录（按问责日期，按执法主体统计）。"),
    source=ACCOUNTABILITY_SOURCE,
))
