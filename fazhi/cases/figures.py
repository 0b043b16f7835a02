"""Figures of enforcement cases. Every figure reads stored fields only (no attachments, no deadline
rows), so that a case taken through the procedure and the same case imported give the same numbers."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import ActType, Outcome, ReviewConclusion
from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module

MODULE = "cases"
MODEL = "cases.EnforcementCase"
LAW = _("行政处罚法")

register_module(MODULE, _("行政执法案件"), order=41)

register(Figure(
    key="cases.registered", label=_("立案数"), kind=Kind.COUNT, model=MODEL, module=MODULE, measure=_("件"),
    date_field="registered_on", order=10,
    definition=_("统计期内立案的行政执法案件（各类行为；可按单位筛选执法主体）。"), source=_("行政处罚法第五十四条"),
))
register(Figure(
    key="cases.decided", label=_("作出决定的案件数"), kind=Kind.COUNT, model=MODEL, module=MODULE, measure=_("件"),
    date_field="decided_on", filter=Q(decided_on__isnull=False), order=20,
    definition=_("统计期内作出处理决定的案件（含给予处罚、不予处罚等）。"), source=_("行政处罚法第五十七条"),
))
register(Figure(
    key="cases.penalties", label=_("作出行政处罚决定数"), kind=Kind.COUNT, model=MODEL, module=MODULE,
    measure=_("件"), date_field="decided_on", filter=Q(decided_on__isnull=False, outcome=Outcome.PENALTY), order=25,
    definition=_("统计期内作出给予行政处罚决定的案件。"), source=_("行政处罚法第五十七条第一款第一项"),
))
register(Figure(
    key="cases.no_penalty", label=_("不予行政处罚决定数"), kind=Kind.COUNT, model=MODEL, module=MODULE,
    measure=_("件"), date_field="decided_on", filter=Q(decided_on__isnull=False, outcome=Outcome.NO_PENALTY),
    order=27, definition=_("统计期内依法不予行政处罚的案件（含首违不罚）。"), source=_("行政处罚法第三十三条"),
))
register(Figure(
    key="cases.fines", label=_("罚款金额"), kind=Kind.SUM, model=MODEL, module=MODULE, measure=_("元"),
    expression="fine_amount", date_field="decided_on",
    filter=Q(decided_on__isnull=False, outcome=Outcome.PENALTY), order=30,
    definition=_("统计期内作出的行政处罚决定所处罚款金额之和（按决定日期）。"), source=_("行政处罚法第九条"),
))
register(Figure(
    key="cases.legal_review_rate", label=_("法制审核率"), kind=Kind.RATE, model=MODEL, module=MODULE,
    denominator=Q(major=True, decided_on__isnull=False),
    numerator=Q(review_conclusion=ReviewConclusion.PASSED, reviewed_on__isnull=False),
    date_field="decided_on", order=40,
    definition=_("统计期内作出的重大执法决定中，决定前经法制审核通过的比例：经法制审核的重大执法决定数 ÷ 重大执法决定数。"),
    source=_("行政处罚法第五十八条；国办发〔2018〕118号"),
))
register(Figure(
    key="cases.audio_video_rate", label=_("音像记录率"), kind=Kind.RATE, model=MODEL, module=MODULE,
    denominator=~Q(recorded_acts=""), numerator=Q(audio_video_recorded=True), date_field="registered_on", order=50,
    definition=_("统计期内立案、有须音像记录执法环节的案件中，已有音像记录的比例：有音像记录的 ÷ 须音像记录的。"),
    source=_("行政处罚法第四十七条；国办发〔2018〕118号（全过程记录）"),
))
register(Figure(
    key="cases.publicity_on_time_rate", label=_("执法决定按时公示率"), kind=Kind.RATE, model=MODEL, module=MODULE,
    denominator=Q(publicity_due_on__isnull=False), numerator=Q(published_on__lte=F("publicity_due_on")),
    date_field="decided_on", order=60,
    definition=_("统计期内作出的应公示的执法决定中，在期限内（行政处罚、行政许可决定7个工作日，行政强制处理决定、行政检查结果"
                 "20个工作日）公示的比例：按时公示数 ÷ 应公示数。"),
    source=_("行政处罚法第四十八条；国办发〔2018〕118号"),
))
register(Figure(
    key="cases.hearings_held", label=_("举行听证数"), kind=Kind.COUNT, model=MODEL, module=MODULE, measure=_("次"),
    filter=Q(hearing_held_on__isnull=False), date_field="hearing_held_on", order=70,
    definition=_("统计期内举行的行政处罚听证。"), source=_("行政处罚法第六十三条、第六十四条"),
))
register(Figure(
    key="cases.decided_in_time_rate", label=_("按期作出决定率"), kind=Kind.RATE, model=MODEL, module=MODULE,
    denominator=Q(decided_on__isnull=False, decision_due_on__isnull=False),
    numerator=Q(decided_on__lte=F("decision_due_on")), date_field="decided_on", order=80,
    definition=_("统计期内作出决定、有法定决定期限的案件中，在期限内（含依法记录的延长期限）作出决定的比例：行政处罚自立案之日起"
                 "九十日，行政许可自受理之日起二十个工作日，查封、扣押、冻结自实施之日起三十日。"),
    source=_("行政处罚法第六十条；行政许可法第四十二条；行政强制法第二十五条、第三十二条"),
))

# ---- by act type (行为类别): the shorter procedures' own counts and publicity limits ----
TYPE_SOURCES = {ActType.PENALTY: _("行政处罚法"), ActType.LICENSING: _("行政许可法"),
                ActType.COERCION: _("行政强制法"), ActType.INSPECTION: _("行政处罚法第五十四条、第五十五条")}
PUBLICITY_DAYS = {ActType.PENALTY: 7, ActType.LICENSING: 7, ActType.COERCION: 20, ActType.INSPECTION: 20}
for n, act in enumerate(ActType):
    register(Figure(
        key=f"cases.registered.{act.value}", label=lazy_format(_("%(type)s立案数"), type=act.label), kind=Kind.COUNT,
        model=MODEL, module=MODULE, measure=_("件"), date_field="registered_on", filter=Q(act_type=act.value),
        order=100 + n, definition=lazy_format(_("统计期内立案（受理、拟实施、列入检查）的%(type)s案件。"), type=act.label),
        source=TYPE_SOURCES[act],
    ))
    register(Figure(
        key=f"cases.publicity_on_time_rate.{act.value}",
        label=lazy_format(_("%(type)s决定按时公示率"), type=act.label), kind=Kind.RATE, model=MODEL, module=MODULE,
        filter=Q(act_type=act.value), denominator=Q(publicity_due_on__isnull=False),
        numerator=Q(published_on__lte=F("publicity_due_on")), date_field="decided_on", order=110 + n,
        definition=lazy_format(_("统计期内作出的应公示的%(type)s决定中，自决定之日起%(n)s个工作日内公示的比例。"),
                               type=act.label, n=PUBLICITY_DAYS[act]),
        source=_("国办发〔2018〕118号"),
    ))
for order, (outcome, source) in enumerate([
        (Outcome.GRANTED, _("行政许可法第三十八条")), (Outcome.REFUSED, _("行政许可法第三十八条")),
        (Outcome.CONFISCATED, _("行政强制法第二十八条")), (Outcome.RELEASED, _("行政强制法第二十八条")),
        (Outcome.PROBLEM_FOUND, _("行政处罚法第五十四条")), (Outcome.NO_PROBLEM, _("行政处罚法第五十四条"))]):
    register(Figure(
        key=f"cases.outcome.{outcome.value}", label=lazy_format(_("%(outcome)s数"), outcome=outcome.label),
        kind=Kind.COUNT, model=MODEL, module=MODULE, measure=_("件"), date_field="decided_on",
        filter=Q(decided_on__isnull=False, outcome=outcome.value), order=130 + order,
        definition=lazy_format(_("统计期内作出“%(outcome)s”决定或结论的案件。"), outcome=outcome.label), source=source,
    ))
