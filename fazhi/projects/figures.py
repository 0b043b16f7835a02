"""Figures of practical projects (FIGURES.md "Leadership and coordination": practical projects for the
people and their progress — e.g. 9 city-level projects, Baiyin)."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module
from fazhi.projects.models import ProjectState

MODULE = "projects"
PROJECT = "projects.Project"
MILESTONE = "projects.Milestone"
SOURCE = _("依法治市（县）委员会年度法治为民办实事项目工作方案")
YEAR = _("按项目年度统计：项目年度的1月1日落在统计期间内的项目。")

register_module(MODULE, _("法治为民办实事"), order=7)

register(Figure(
    key="projects.projects.total", label=_("法治为民办实事项目数"), kind=Kind.COUNT, model=PROJECT, module=MODULE,
    measure=_("个"), filter=~Q(state=ProjectState.CANCELLED), date_field="year_start", period_note=YEAR, order=10,
    definition=_("依法治市（县）办确定的年度法治为民办实事项目，不含已撤销的（按项目年度，按组织单位所属区划统计）。"),
    source=SOURCE,
))
register(Figure(
    key="projects.projects.completed", label=_("已完成的法治为民办实事项目数"), kind=Kind.COUNT, model=PROJECT,
    module=MODULE, measure=_("个"), filter=Q(state=ProjectState.COMPLETED), date_field="completed_on", order=11,
    definition=_("统计期间内办结的法治为民办实事项目（按完成日期）。"),
    source=SOURCE,
))
register(Figure(
    key="projects.projects.completion_rate", label=_("法治为民办实事项目完成率"), kind=Kind.RATE, model=PROJECT,
    module=MODULE, denominator=~Q(state=ProjectState.CANCELLED), numerator=Q(state=ProjectState.COMPLETED),
    date_field="year_start", period_note=YEAR, order=12,
    definition=_("已完成的项目 ÷ 项目年度内的项目（不含已撤销的；按项目年度）。"),
    source=SOURCE,
))
register(Figure(
    key="projects.milestones.done", label=_("完成的项目节点数"), kind=Kind.COUNT, model=MILESTONE, module=MODULE,
    measure=_("个"), filter=Q(done_on__isnull=False), date_field="done_on", order=20,
    definition=_("统计期间内完成的法治为民办实事项目节点（按完成日期）。"),
    source=SOURCE,
))
register(Figure(
    key="projects.milestones.on_time_rate", label=_("项目节点按期完成率"), kind=Kind.RATE, model=MILESTONE,
    module=MODULE, denominator=Q(done_on__isnull=False), numerator=Q(done_on__lte=F("due_on")),
    date_field="done_on", order=21,
    definition=_("按期（不晚于完成时限）完成的节点 ÷ 已完成的节点（按完成日期）。"),
    source=SOURCE,
))
