"""Figures of duty reports (FIGURES.md "Leadership and coordination": leaders' rule-of-law duty reports,
on site with the secretary's comments — e.g. 8 on site, Xiangtan)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.dutyreports.models import Mode, ReportState
from fazhi.figures.registry import Figure, Kind, register, register_module

MODULE = "dutyreports"
REPORT = "dutyreports.DutyReport"
SOURCE = _("《党政主要负责人履行推进法治建设第一责任人职责规定》（将履行推进法治建设第一责任人职责情况列入年终述职内容）；"
           "本级述法工作实施办法")
HELD = ~Q(state=ReportState.PLANNED)
PERIOD = _("按述法日期统计。")

register_module(MODULE, _("述法"), order=6)

register(Figure(
    key="dutyreports.reports.held", label=_("述法人次"), kind=Kind.COUNT, model=REPORT, module=MODULE,
    measure=_("人次"), filter=HELD, date_field="scheduled_on", period_note=PERIOD, order=10,
    definition=_("已述法（现场或书面）的党政主要负责人人次，不含仅列入安排、尚未述法的（按述法日期，"
                 "按组织单位所属区划统计）。"),
    source=SOURCE,
))
register(Figure(
    key="dutyreports.reports.on_site", label=_("现场述法人次"), kind=Kind.COUNT, model=REPORT, module=MODULE,
    measure=_("人次"), filter=HELD & Q(mode=Mode.ON_SITE), date_field="scheduled_on", period_note=PERIOD, order=11,
    definition=_("以现场述法方式述法的党政主要负责人人次（按述法日期）。"),
    source=SOURCE,
))
register(Figure(
    key="dutyreports.reports.written", label=_("书面述法人次"), kind=Kind.COUNT, model=REPORT, module=MODULE,
    measure=_("人次"), filter=HELD & Q(mode=Mode.WRITTEN), date_field="scheduled_on", period_note=PERIOD,
    order=12,
    definition=_("以书面方式述法的党政主要负责人人次（按述法日期）。"),
    source=SOURCE,
))
register(Figure(
    key="dutyreports.reports.commented", label=_("书记点评人次"), kind=Kind.COUNT, model=REPORT, module=MODULE,
    measure=_("人次"), filter=Q(state__in=(ReportState.COMMENTED, ReportState.SCORED, ReportState.PUBLISHED)),
    date_field="scheduled_on", period_note=PERIOD, order=13,
    definition=_("党委书记已作点评的述法人次（现场述法+书记点评；按述法日期）。"),
    source=SOURCE,
))
register(Figure(
    key="dutyreports.reports.average_score", label=_("述法评议平均分"), kind=Kind.AVERAGE, model=REPORT,
    module=MODULE, measure=_("分"), filter=Q(score__isnull=False), date_field="scheduled_on", period_note=PERIOD,
    order=20,
    expression="score",  # each report's score is already the mean of its reviewers' scores
    definition=_("评分已结束的述法的评议得分（各评议人评分的平均分）的算术平均；无评分结束的述法时无数值。"),
    source=SOURCE,
))
