"""Figures of meetings and deliberations (FIGURES.md "Leadership and coordination": meetings of the
committee, its office and its coordination groups; topics deliberated — e.g. 23 / 24 / 19 meetings and
23 topics in Baiyin)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module
from fazhi.meetings.models import MeetingKind

MODULE = "meetings"
MEETING = "meetings.Meeting"
TOPIC = "meetings.Topic"
DECISION = "meetings.Decision"
SOURCE = _("《党政主要负责人履行推进法治建设第一责任人职责规定》（定期听取法治建设工作汇报、研究解决重大问题）；"
           "全面依法治市（县）委员会工作规则、协调小组工作规则和办公室工作细则")

register_module(MODULE, _("会议与议事"), order=5)

register(Figure(
    key="meetings.meetings.total", label=_("召开会议数"), kind=Kind.COUNT, model=MEETING, module=MODULE,
    measure=_("次"), date_field="held_on", order=10,
    definition=_("统计期间内召开并在平台登记的委员会、委员会办公室、协调小组会议，以及审议法治议题的党委常委会会议和"
                 "政府常务会议（按会议日期，按召集单位所属区划统计）。"),
    source=SOURCE,
))
for i, kind in enumerate(MeetingKind):
    register(Figure(
        key=f"meetings.meetings.kind.{kind.value}", label=lazy_format(_("召开会议数：%(kind)s"), kind=kind.label),
        kind=Kind.COUNT, model=MEETING, module=MODULE, measure=_("次"), filter=Q(kind=kind.value),
        date_field="held_on", order=11 + i,
        definition=lazy_format(_("统计期间内召开的“%(kind)s”（按会议日期）。"), kind=kind.label),
        source=SOURCE,
    ))
register(Figure(
    key="meetings.topics.total", label=_("审议议题数"), kind=Kind.COUNT, model=TOPIC, module=MODULE,
    measure=_("个"), date_field="meeting__held_on", order=20,
    definition=_("统计期间内召开的会议审议的全部议题（按会议日期）。"),
    source=SOURCE,
))
register(Figure(
    key="meetings.topics.rule_of_law", label=_("审议法治议题数"), kind=Kind.COUNT, model=TOPIC, module=MODULE,
    measure=_("个"), filter=Q(rule_of_law=True), date_field="meeting__held_on", order=21,
    definition=_("统计期间内召开的会议审议的法治建设有关议题（登记为“法治议题”的；按会议日期）。"),
    source=SOURCE,
))
register(Figure(
    key="meetings.topics.rule_of_law.party_standing", label=_("党委常委会会议审议法治议题数"), kind=Kind.COUNT,
    model=TOPIC, module=MODULE, measure=_("个"),
    filter=Q(rule_of_law=True, meeting__kind=MeetingKind.PARTY_STANDING), date_field="meeting__held_on",
    order=22,
    definition=_("统计期间内党委常委会会议审议的法治建设有关议题（按会议日期）。"),
    source=SOURCE,
))
register(Figure(
    key="meetings.decisions.total", label=_("会议决定事项数"), kind=Kind.COUNT, model=DECISION, module=MODULE,
    measure=_("项"), date_field="meeting__held_on", order=30,
    definition=_("统计期间内召开的会议作出的决定事项（议定事项；按会议日期，按召集单位所属区划统计）。"),
    source=SOURCE,
))
register(Figure(
    key="meetings.decisions.tasked", label=_("转为任务的决定事项数"), kind=Kind.COUNT, model=DECISION,
    module=MODULE, measure=_("项"), filter=Q(task__isnull=False), date_field="meeting__held_on", order=31,
    definition=_("统计期间内召开的会议作出、已由依法治市（县）办纳入任务分解方案转为任务的决定事项（按会议日期）。"),
    source=SOURCE,
))
register(Figure(
    key="meetings.decisions.tasked_rate", label=_("决定事项转为任务比例"), kind=Kind.RATE, model=DECISION,
    module=MODULE, numerator=Q(task__isnull=False), date_field="meeting__held_on", order=32,
    definition=_("已转为任务的决定事项 ÷ 全部决定事项（按会议日期）。"),
    source=SOURCE,
))
