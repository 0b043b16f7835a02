"""Figures of plans and tasks (FIGURES.md "Leadership and coordination": plan measures decomposed into
tasks; tasks done, overdue — e.g. 46 measures → 144 tasks)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.figures.registry import Figure, Kind, register, register_module
from fazhi.procedures import clock
from fazhi.tasks.models import DEADLINE_KEY, Task, TaskState

MODULE = "tasks"
TASK = "tasks.Task"
SOURCE = _("《法治政府建设与责任落实督察工作规定》（督促落实）；本级法治政府建设实施方案、年度工作要点的任务分解")
PERIOD = _("按完成时限统计：完成时限落在统计期间内的任务。")
DONE = Q(state=TaskState.DONE)
ON_TIME = DONE & Q(completed_on__lte=F("due_on"))

register_module(MODULE, _("任务分解"), order=5)


def _overdue() -> Q:
    """Tasks whose completion deadline is running past its due date today (the engine's "overdue")."""
    from fazhi.procedures.models import Deadline

    running = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Task), key=DEADLINE_KEY)
    return Q(pk__in=running.overdue(clock.today()).values("object_id"))


def _fallen_due() -> Q:
    """Tasks that should be finished by now, or are: done, or due before today (not cancelled)."""
    return ~Q(state=TaskState.CANCELLED) & (DONE | Q(due_on__lt=clock.today()))


register(Figure(
    key="tasks.measures.total", label=_("计划措施数"), kind=Kind.COUNT, model="tasks.Measure", module=MODULE,
    measure=_("项"), date_field="plan__starts_on", order=10,
    period_note=_("按计划起始日期统计：起始日期落在统计期间内的计划所列措施。"),
    definition=_("工作计划（年度工作要点、实施方案等）分解出的措施数，按计划印发单位所属区划统计。"),
    source=SOURCE,
))
register(Figure(
    key="tasks.tasks.total", label=_("分解任务数"), kind=Kind.COUNT, model=TASK, module=MODULE, measure=_("项"),
    filter=~Q(state=TaskState.CANCELLED), date_field="due_on", period_note=PERIOD, order=20,
    definition=_("工作计划分解和会议决定交办的任务（不含已取消的），按牵头单位所属区划统计。"),
    source=SOURCE,
))
register(Figure(
    key="tasks.tasks.done", label=_("已完成任务数"), kind=Kind.COUNT, model=TASK, module=MODULE, measure=_("项"),
    filter=DONE, date_field="due_on", period_note=PERIOD, order=30,
    definition=_("依法治市（县）办确认完成的任务。"),
    source=SOURCE,
))
register(Figure(
    key="tasks.tasks.done_on_time", label=_("按时完成任务数"), kind=Kind.COUNT, model=TASK, module=MODULE,
    measure=_("项"), filter=ON_TIME, date_field="due_on", period_note=PERIOD, order=40,
    definition=_("确认完成、且完成日期不晚于完成时限的任务。"),
    source=SOURCE,
))
register(Figure(
    key="tasks.tasks.overdue", label=_("超期未完成任务数"), kind=Kind.COUNT, model=TASK, module=MODULE,
    measure=_("项"), filter=_overdue, date_field=None, order=50,
    definition=_("截至今天，完成时限已过仍未确认完成（也未取消）的任务：其任务完成时限仍在计算且已届满。"),
    source=SOURCE,
))
register(Figure(
    key="tasks.tasks.on_time_rate", label=_("任务按时完成率"), kind=Kind.RATE, model=TASK, module=MODULE,
    filter=_fallen_due, numerator=ON_TIME, date_field="due_on", period_note=PERIOD, order=60,
    definition=_("按时完成的任务 ÷ 完成时限已届满或已完成的任务（不含已取消的）。"),
    source=SOURCE,
))
