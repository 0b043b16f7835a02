"""Figures of the assessment (法治建设考核): units assessed, scores by category, points lost.

Only finalised (定档) or published rounds count, by the round's finalisation date: an open round's
scores still move with the records. A county is counted in its own region, a department in its
unit's region (the participant's anchor).
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.assessment.models import CLOSED_ROUND_STATES, Category, DemonstrationKind, NamingLevel
from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module

MODULE = "assessment"
PARTICIPANT = "assessment.Participant"
ENTRY = "assessment.ScoreEntry"
SOURCE = _("《法治政府建设实施纲要（2021—2025年）》（将法治政府建设成效纳入政绩考核指标体系）；本级法治建设考核办法")
CLOSED = Q(round__state__in=CLOSED_ROUND_STATES)
ENTRY_CLOSED = Q(participant__round__state__in=CLOSED_ROUND_STATES)
# Score bands of the usual 优秀/良好/合格/不合格 grading, on a 100-point scale.
BANDS = [
    ("excellent", _("90分及以上"), Q(total__gte=90)),
    ("good", _("80分至不足90分"), Q(total__gte=80, total__lt=90)),
    ("pass", _("60分至不足80分"), Q(total__gte=60, total__lt=80)),
    ("fail", _("不足60分"), Q(total__lt=60)),
]

register_module(MODULE, _("法治建设考核"), order=80)

register(Figure(
    key="assessment.units.assessed", label=_("被考核单位数"), kind=Kind.COUNT, model=PARTICIPANT, module=MODULE,
    measure=_("个"), filter=CLOSED, date_field="round__finalised_on", order=10,
    definition=_("统计期间内定档的考核中的被考核单位（按定档日期；同一单位参加多轮的按轮次分别计）。"),
    source=SOURCE,
))
for i, category in enumerate(Category):
    cond = CLOSED & Q(category=category.value)
    register(Figure(
        key=f"assessment.units.assessed.{category.value}",
        label=lazy_format(_("被考核单位数：%(c)s"), c=category.label), kind=Kind.COUNT, model=PARTICIPANT,
        module=MODULE, measure=_("个"), filter=cond, date_field="round__finalised_on", order=11 + i,
        definition=lazy_format(_("统计期间内定档的考核中类别为“%(c)s”的被考核单位（按定档日期）。"), c=category.label),
        source=SOURCE,
    ))
    register(Figure(
        key=f"assessment.scores.average.{category.value}",
        label=lazy_format(_("平均得分：%(c)s"), c=category.label), kind=Kind.AVERAGE, model=PARTICIPANT,
        module=MODULE, measure=_("分"), filter=cond, date_field="round__finalised_on", order=20 + i,
        expression="total",
        definition=lazy_format(_("统计期间内定档的考核中类别为“%(c)s”的被考核单位总得分的算术平均（按定档日期；"
                                 "无被考核单位时无数值）。"), c=category.label),
        source=SOURCE,
    ))
for i, (key, label, cond) in enumerate(BANDS):
    register(Figure(
        key=f"assessment.scores.band.{key}", label=lazy_format(_("得分%(band)s的单位数"), band=label),
        kind=Kind.COUNT, model=PARTICIPANT, module=MODULE, measure=_("个"), filter=CLOSED & cond,
        date_field="round__finalised_on", order=30 + i,
        definition=lazy_format(_("统计期间内定档的考核中总得分%(band)s的被考核单位（按定档日期；按百分制）。"), band=label),
        source=SOURCE,
    ))
for i, category in enumerate(Category):
    for j, (key, label, cond) in enumerate(BANDS):
        register(Figure(
            key=f"assessment.scores.band.{category.value}.{key}",
            label=lazy_format(_("%(c)s得分%(band)s的单位数"), c=category.label, band=label), kind=Kind.COUNT,
            model=PARTICIPANT, module=MODULE, measure=_("个"), filter=CLOSED & cond & Q(category=category.value),
            date_field="round__finalised_on", order=35 + i * 4 + j,
            definition=lazy_format(_("统计期间内定档的考核中类别为“%(c)s”、总得分%(band)s的被考核单位（按定档日期）。"),
                                   c=category.label, band=label),
            source=SOURCE,
        ))
register(Figure(
    key="assessment.entries.lost", label=_("失分的指标项数"), kind=Kind.COUNT, model=ENTRY, module=MODULE,
    measure=_("项"), filter=ENTRY_CLOSED & Q(final_score__lt=F("indicator__points")),
    date_field="participant__round__finalised_on", order=45,
    definition=_("统计期间内定档的考核中，被考核单位得分低于该指标分值的末级指标项（一个单位的一个指标为一项）。"
                 "各指标的失分情况见考核的“指标失分情况”页面。"),
    source=SOURCE,
))
register(Figure(
    key="assessment.entries.lost_rate", label=_("指标失分率"), kind=Kind.RATE, model=ENTRY, module=MODULE,
    denominator=ENTRY_CLOSED & Q(final_score__isnull=False), numerator=Q(final_score__lt=F("indicator__points")),
    date_field="participant__round__finalised_on", order=46,
    definition=_("失分的指标项 ÷ 已评分的指标项（统计期间内定档的考核，按定档日期）。"),
    source=SOURCE,
))

DEMONSTRATION_SOURCE = _("中央全面依法治国委员会办公室《关于开展法治政府建设示范创建活动的意见》；"
                         "司法部、民政部《全国民主法治示范村（社区）建设指导标准》")
for i, kind in enumerate(DemonstrationKind):
    for j, level in enumerate(NamingLevel):
        register(Figure(
            key=f"assessment.demonstrations.{kind.value}.{level.value}",
            label=lazy_format(_("%(level)s%(kind)s数"), level=level.label, kind=kind.label), kind=Kind.COUNT,
            model="assessment.Demonstration", module=MODULE, measure=_("个"),
            filter=Q(kind=kind.value, level=level.value), order=50 + i * 10 + j,
            definition=lazy_format(_("获%(level)s命名的法治政府建设%(kind)s（时点数，历年命名累计；按创建单位所属区划统计）。"),
                                   level=level.label, kind=kind.label),
            source=DEMONSTRATION_SOURCE,
        ))
for j, level in enumerate(NamingLevel):
    register(Figure(
        key=f"assessment.villages.{level.value}",
        label=lazy_format(_("%(level)s民主法治示范村（社区）数"), level=level.label), kind=Kind.COUNT,
        model="assessment.DemonstrationVillage", module=MODULE, measure=_("个"), filter=Q(level=level.value),
        region_field="village", order=90 + j,
        definition=lazy_format(_("获%(level)s命名的民主法治示范村（社区）（时点数，历年命名累计；按村（社区）所在区划统计）。"),
                               level=level.label),
        source=DEMONSTRATION_SOURCE,
    ))
