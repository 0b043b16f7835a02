"""Import kind `tasks`: an existing plan spreadsheet (任务分解表) becomes measures and tasks in one step.

Each row is a task of a plan the importer manages (column 工作计划: the plan's exact title). Its
measure is named by 措施序号 and/or 措施名称: an existing measure of the plan, or one created on the
fly (later rows of the same measure use it). The row is checked by the staff page's own TaskForm
(lead unit by name or credit code, cooperating units separated by 、or ，, the completion date within
the plan's period) and saved through `services.save_task`; any error rolls the whole file back.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import CHANGE
from fazhi.imports.registry import Column, ImportContext, ImportKind, Row, register
from fazhi.tasks import services
from fazhi.tasks.forms import TaskForm
from fazhi.tasks.models import Measure, Plan, PlanState, Task


class TaskLookups(ImportContext):
    """Plans by title and measures by (plan, number) / (plan, title), cached for one import."""

    def __init__(self, user: Any):
        super().__init__(user)
        self._plans: dict[str, Plan | None] = {}
        self._measures: dict[int, list[Measure]] = {}

    def plan(self, title: str) -> Plan | None:
        title = str(title).strip()
        if title not in self._plans:
            self._plans[title] = (Plan.objects.visible_to(self.user, CHANGE).exclude(state=PlanState.CLOSED)
                                  .filter(title=title).first())
        return self._plans[title]

    def measures(self, plan: Plan) -> list[Measure]:
        if plan.pk not in self._measures:
            self._measures[plan.pk] = list(Measure.objects.filter(plan=plan))
        return self._measures[plan.pk]

    def find_measure(self, plan: Plan, number: int | None, title: str) -> Measure | None:
        for m in self.measures(plan):
            if (number is not None and m.number == number) or (number is None and title and m.title == title):
                return m
        return None

    def measure(self, plan: Plan, number: int | None, title: str) -> Measure:
        found = self.find_measure(plan, number, title)
        if found is None:
            found = services.create_measure(actor=self.user, plan=plan, number=number, title=title)
            self._measures[plan.pk].append(found)
        return found


def _number(row: Row, field: str, label: str) -> int | None:
    value = str(row[field]).strip()
    if not value:
        return None
    if value.endswith(".0"):  # a number cell read as a float
        value = value[:-2]
    if not value.isdigit() or int(value) < 1:
        row.error(field, gettext("%(label)s应为正整数（现为“%(v)s”）。") % {"label": label, "v": value})
        return None
    return int(value)


def task_form_data(row: Row, ctx: TaskLookups) -> dict[str, Any]:
    data = {"title": row["title"], "lead_unit": row["lead_unit"], "cooperating": row["cooperating"],
            "responsible_leader": row["responsible_leader"], "due_on": row["due_on"],
            "deliverable": row["deliverable"], "source": row["source"], "plan": "", "measure": "", "number": ""}
    number = _number(row, "number", gettext("任务序号"))
    data["number"] = number or ""
    measure_number = _number(row, "measure_number", gettext("措施序号"))
    measure_title = str(row["measure_title"]).strip()
    if row["plan"]:
        plan = ctx.plan(row["plan"])
        if plan is None:
            row.error("plan", gettext("找不到名为“%(t)s”的工作计划，或您无权管理该计划（已结束的计划不能导入）。") % {
                "t": row["plan"]})
        else:
            data["plan"] = plan.pk
            existing = ctx.find_measure(plan, measure_number, measure_title)
            if existing is not None:
                data["measure"] = existing.pk
            elif measure_number is not None and not measure_title:
                row.error("measure_title", gettext("该计划尚无序号为%(n)d的措施：请填写措施名称。") % {"n": measure_number})
    # Kept for the save step, which creates a new measure once the row is valid.
    data["_measure"] = (measure_number, measure_title)
    return data


def save_task_row(form: TaskForm, ctx: TaskLookups) -> Task:
    task = form.save(commit=False)
    measure_number, measure_title = form.data["_measure"]
    if task.measure_id is None and (measure_number is not None or measure_title):
        task.measure = ctx.measure(task.plan, measure_number, measure_title)
    return services.save_task(actor=ctx.user, task=task, cooperating_units=form.cooperating_units)


TASKS = register(ImportKind(
    key="tasks",
    label=_("任务分解表"),
    description=_("把已有的工作计划任务分解表一次导入：每行一项任务；措施按序号或名称归并，计划中没有的措施自动新增。"
                  "计划已印发的，导入的任务随即下达并开始计算完成时限。"),
    columns=(
        Column("工作计划", "plan", required=True, example="云川市2026年法治政府建设工作要点",
               help=_("须是您可管理、尚未结束的工作计划的完整名称（先在“任务分解”中新建计划）。")),
        Column("措施序号", "measure_number", example="1", help=_("正整数；同一计划内的同一序号为同一措施。")),
        Column("措施名称", "measure_title", example="深入推进依法行政",
               help=_("计划中尚无该序号的措施时必填，将自动新增该措施。")),
        Column("任务序号", "number", example="1", help=_("留空则按顺序编号。")),
        Column("任务名称", "title", required=True, example="修订完善政府工作规则"),
        Column("牵头单位", "lead_unit", required=True, example="云川市司法局",
               help=_("单位名称或统一社会信用代码；重名时请填统一社会信用代码。")),
        Column("配合单位", "cooperating", example="云川市人民政府办公室、云川市财政局",
               help=_("可填多个，用“、”或“，”分隔。")),
        Column("责任领导", "responsible_leader", example="张伟"),
        Column("完成时限", "due_on", required=True, example="2026-06-30",
               help=_("须在计划的起止日期之间；写成 2026-06-30，或使用 Excel 日期单元格。")),
        Column("成果形式", "deliverable", example="制度文件"),
        Column("任务来源", "source", example=""),
    ),
    form_class=TaskForm,
    to_form_data=task_form_data,
    save=save_task_row,
    context=TaskLookups,
    non_field_column="任务名称",
))
