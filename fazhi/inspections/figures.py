"""Figures of rule-of-law inspections (FIGURES.md: findings by category → rectification requirements,
done / overdue; units with interference-recording systems)."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module
from fazhi.inspections.models import Category, EscalationKind, ItemState
from fazhi.procedures import clock

MODULE = "inspections"
ITEM = "inspections.RectificationItem"
ESCALATION = "inspections.Escalation"
SOURCE = _("《法治政府建设与责任落实督察工作规定》（2019）；督察反馈问题整改台账")
INTERFERENCE_SOURCE = _("《领导干部干预司法活动、插手具体案件处理的记录、通报和责任追究规定》参照执行；"
                        "各地行政执法部门过问、干预、插手执法案件记录报告和责任追究制度")
CLOSED = Q(state=ItemState.CLOSED)


def _overdue() -> Q:
    return ~CLOSED & Q(due_on__lt=clock.today())


register_module(MODULE, _("法治督察"), order=60)

register(Figure(
    key="inspections.inspections.held", label=_("开展督察次数"), kind=Kind.COUNT, model="inspections.Inspection",
    module=MODULE, measure=_("次"), date_field="start_on", order=10,
    definition=_("统计期间内开始的本级督察（按开始日期，按组织单位所属区划统计）；上级督察不计入。"),
    source=SOURCE,
))
register(Figure(
    key="inspections.findings.total", label=_("督察发现问题数"), kind=Kind.COUNT, model="inspections.Finding",
    module=MODULE, measure=_("个"), date_field="found_on", order=20,
    definition=_("统计期间内本级督察发现和上级督察反馈的问题（按发现或反馈日期，按问题所在单位统计）。"),
    source=SOURCE,
))
for order, (category, label) in enumerate(Category.choices, start=21):
    register(Figure(
        key=f"inspections.findings.{category}", label=lazy_format(_("督察发现问题数：%(category)s"), category=label),
        kind=Kind.COUNT, model="inspections.Finding", module=MODULE, measure=_("个"),
        filter=Q(category=category), date_field="found_on", order=order,
        definition=_("统计期间内发现或反馈的问题中属于该类别的问题数（按发现或反馈日期）。"), source=SOURCE,
    ))
register(Figure(
    key="inspections.items.total", label=_("整改要求数"), kind=Kind.COUNT, model=ITEM, module=MODULE,
    measure=_("项"), date_field="issued_on", order=40,
    definition=_("统计期间内交办的整改要求（每项明确整改措施、责任单位、责任领导和整改时限；按交办日期，"
                 "按责任单位统计）。"),
    source=SOURCE,
))
register(Figure(
    key="inspections.items.closed", label=_("已销号整改事项数"), kind=Kind.COUNT, model=ITEM, module=MODULE,
    measure=_("项"), filter=CLOSED, date_field="closed_on", order=41,
    definition=_("统计期间内经督察办公室审核佐证材料后销号的整改事项（按销号日期）。"), source=SOURCE,
))
register(Figure(
    key="inspections.items.closed_on_time", label=_("按期销号整改事项数"), kind=Kind.COUNT, model=ITEM,
    module=MODULE, measure=_("项"), filter=CLOSED & Q(closed_on__lte=F("due_on")), date_field="closed_on",
    order=42,
    definition=_("统计期间内销号且销号日期不晚于整改时限的整改事项（按销号日期）。"), source=SOURCE,
))
register(Figure(
    key="inspections.items.overdue", label=_("逾期未销号整改事项数"), kind=Kind.COUNT, model=ITEM, module=MODULE,
    measure=_("项"), filter=_overdue, order=43,
    definition=_("截至今天已超过整改时限仍未销号的整改事项（时点数，不按期间统计）。"), source=SOURCE,
))
for order, (kind, label, measure) in enumerate(
        ((EscalationKind.REMINDER_LETTER, _("发出督办函数"), _("份")),
         (EscalationKind.INTERVIEW, _("约谈次数"), _("次")),
         (EscalationKind.PUBLIC_NOTICE, _("通报次数"), _("次"))), start=50):
    register(Figure(
        key=f"inspections.escalations.{kind}", label=label, kind=Kind.COUNT, model=ESCALATION, module=MODULE,
        measure=measure, filter=Q(kind=kind), date_field="on", order=order,
        definition=_("统计期间内对逾期未完成整改的事项采取该督办措施的次数（按措施日期，按整改责任单位统计）。"),
        source=_("《法治政府建设与责任落实督察工作规定》；督察整改督办（督办函、约谈、通报逐级升级）"),
    ))
register(Figure(
    key="inspections.interference.records", label=_("过问、干预、插手执法案件记录数"), kind=Kind.COUNT,
    model="inspections.InterferenceRecord", module=MODULE, measure=_("条"), date_field="occurred_on", order=60,
    definition=_("统计期间内各执法部门登记的领导干部和其他人员过问、干预、插手执法案件的记录（按发生日期）。"),
    source=INTERFERENCE_SOURCE,
))
register(Figure(
    key="inspections.interference.units", label=_("建立执法案件干预记录制度的单位数"), kind=Kind.COUNT,
    model="inspections.InterferenceRecord", module=MODULE, measure=_("个"), count_field="unit", distinct=True,
    order=61,
    definition=_("截至统计时点在本平台登记过至少一条过问、干预、插手执法案件记录的单位数（以实际登记记录"
                 "认定制度已落实；只建制度、从未登记的单位不计入）。"),
    source=INTERFERENCE_SOURCE,
))
