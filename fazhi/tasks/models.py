"""Plans and tasks (任务分解) of the rule-of-law committee office.

A plan (a yearly work plan, a five-year implementation plan, a special plan) issued by the committee
office splits into measures (措施), measures into tasks (任务). Each task has a lead unit (牵头单位),
cooperating units (配合单位), a responsible leader, a completion date set by the office and a
deliverable; the lead unit reports progress (percent, text, evidence) and the office accepts or
returns each report. A task may also come from a meeting decision (no measure; `source` names it).

Access: a plan and its measures belong to the issuing office's unit (`plan.unit`); a task to its lead
unit, and the plan's office sees and manages every task of its plans; a cooperating unit reads the
tasks it cooperates on (a subquery, so a task with several cooperating units is never listed twice);
a department's legal officer changes only the tasks its unit leads (reporting progress, asking to
close). A progress report follows its task.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW, AccessQuerySet, Grant, Role, Scope, grant_q
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
TASK_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER})

TITLE_MAX = 300
LEADER_MAX = 100
SOURCE_MAX = 300
TEXT_MAX = 5000
DEADLINE_KEY = "tasks.task"  # the assigned deadline of a task (its completion date)

TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _err(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


class PlanKind(models.TextChoices):
    YEARLY = "yearly", _("年度工作要点")
    FIVE_YEAR = "five_year", _("五年实施方案（规划）")
    SPECIAL = "special", _("专项工作方案")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("起草")
    ISSUED = "issued", _("已印发")
    CLOSED = "closed", _("已结束")


class TaskState(models.TextChoices):
    DRAFT = "draft", _("待下达")
    ASSIGNED = "assigned", _("已下达")
    IN_PROGRESS = "in_progress", _("推进中")
    SUBMITTED = "submitted", _("申请办结")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


OPEN_TASK_STATES = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED)


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


def _cooperating_q(grant: Grant) -> Q:
    """Tasks a unit in the grant's scope cooperates on (grant_q's unit scope names `<fk>_id`, not an M2M)."""
    if grant.scope == Scope.UNIT:
        return Q(cooperating_units=grant.unit_id)
    return grant_q(grant, "cooperating_units")


def _plan_units_q(grant: Grant, prefix: str) -> Q:
    """Plans (at `prefix`) with a task the grant's units lead or cooperate on: such a unit reads them."""
    tasks = Task.objects.filter(grant_q(grant, "lead_unit") | _cooperating_q(grant))
    return Q(**{f"{prefix}pk__in": tasks.values("plan_id")})


class Plan(AuditedModel):
    """A plan issued by the committee office (e.g. 《云川市2026年法治政府建设工作要点》)."""

    title = models.CharField(_("计划名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    kind = models.CharField(_("计划类别"), max_length=20, choices=PlanKind.choices, default=PlanKind.YEARLY)
    unit = models.ForeignKey("core.Unit", verbose_name=_("印发单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("依法治市（县）办所在单位"))
    region = models.ForeignKey("core.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    starts_on = models.DateField(_("起始日期"), help_text=_("年度工作要点为当年1月1日"))
    ends_on = models.DateField(_("截止日期"), help_text=_("年度工作要点为当年12月31日"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True, error_messages=TOO_LONG)
    basis = models.TextField(_("制定依据和说明"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT,
                             editable=False)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:plan_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> Q:
        q = grant_q(grant, "unit")
        if action == VIEW:
            q |= _plan_units_q(grant, "")
        return q

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.unit_id:
            self.region_id = self.unit.region_id
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            _err(errors, "ends_on", gettext("截止日期不得早于起始日期（%(d)s）。") % {"d": self.starts_on.isoformat()})
        if self.title and not self.title.strip():
            _err(errors, "title", gettext("请填写计划名称。"))
        self.title = (self.title or "").strip()
        if not self._state.adding and self.pk and self.starts_on and self.ends_on:
            outside = self.tasks.exclude(due_on__range=(self.starts_on, self.ends_on)).order_by("due_on").first()
            if outside is not None:
                _err(errors, "starts_on", gettext(
                    "任务“%(task)s”的完成时限（%(due)s）将不在计划期间内，请先调整该任务。") % {
                    "task": outside.title[:40], "due": outside.due_on.isoformat()})
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.unit_id:
            self.region_id = self.unit.region_id
        super().save(*args, **kwargs)


class Measure(AuditedModel):
    """A measure (措施) of a plan: a numbered heading under which its tasks are listed."""

    plan = models.ForeignKey(Plan, verbose_name=_("工作计划"), on_delete=models.PROTECT, related_name="measures")
    number = models.PositiveIntegerField(_("措施序号"), validators=[MinValueValidator(1)])
    title = models.CharField(_("措施名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "plan__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("工作措施")
        verbose_name_plural = _("工作措施")
        ordering = ["plan_id", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="tasks_measure_unique_number",
                                    violation_error_message=_("该计划已有同一序号的措施。")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{reverse('tasks:plan_detail', args=[self.plan_id])}#measure-{self.pk}"

    @staticmethod
    def access_filter(grant: Grant, action: str) -> Q:
        q = grant_q(grant, "plan__unit")
        if action == VIEW:
            q |= _plan_units_q(grant, "plan__")
        return q


class TaskQuerySet(AccessQuerySet):
    """Overdue and due-soon tasks are those whose running completion deadline is (the engine's statuses)."""

    def _deadlines(self) -> Any:
        from django.contrib.contenttypes.models import ContentType

        from fazhi.procedures.models import Deadline

        ct = ContentType.objects.get_for_model(self.model)
        return Deadline.objects.filter(content_type=ct, key=DEADLINE_KEY)

    def overdue(self, today: datetime.date | None = None) -> TaskQuerySet:
        """Running past due_on (the deadline's "overdue"): what a duty report counts as overdue."""
        return self.filter(pk__in=self._deadlines().overdue(today or clock.today()).values("object_id"))

    def due_soon(self, today: datetime.date | None = None) -> TaskQuerySet:
        return self.filter(pk__in=self._deadlines().due_soon(today or clock.today()).values("object_id"))

    def done_on_time(self) -> TaskQuerySet:
        return self.filter(state=TaskState.DONE, completed_on__lte=models.F("due_on"))


class Task(AuditedModel):
    """A task (任务) of a plan, under a measure, or from a meeting decision (no measure)."""

    plan = models.ForeignKey(Plan, verbose_name=_("工作计划"), on_delete=models.PROTECT, related_name="tasks")
    measure = models.ForeignKey(Measure, verbose_name=_("所属措施"), on_delete=models.PROTECT, related_name="tasks",
                                null=True, blank=True, help_text=_("会议决定事项等不属于某项措施的，可留空"))
    number = models.PositiveIntegerField(_("任务序号"), null=True, blank=True)
    title = models.CharField(_("任务名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    lead_unit = models.ForeignKey("core.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT,
                                  related_name="+", error_messages={"null": _("请选择牵头单位。"),
                                                                    "blank": _("请选择牵头单位。")})
    cooperating_units = models.ManyToManyField("core.Unit", verbose_name=_("配合单位"), related_name="+",
                                               blank=True)
    responsible_leader = models.CharField(_("责任领导"), max_length=LEADER_MAX, blank=True, error_messages=TOO_LONG)
    due_on = models.DateField(_("完成时限"))
    deliverable = models.CharField(_("成果形式"), max_length=TITLE_MAX, blank=True, error_messages=TOO_LONG)
    source = models.CharField(_("任务来源"), max_length=SOURCE_MAX, blank=True, error_messages=TOO_LONG,
                              help_text=_("如：云川市法治政府建设领导小组会议 2026-03-01 决定"))
    state = models.CharField(_("状态"), max_length=20, choices=TaskState.choices, default=TaskState.DRAFT,
                             editable=False)
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0, editable=False,
                                                help_text=_("最近一次采纳的进度报告"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    extension_reason = models.CharField(_("调整时限理由"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TaskQuerySet.as_manager()
    access_anchor = "lead_unit"
    writer_roles = TASK_WRITERS

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["plan_id", "measure__number", "number", "pk"]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:task_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> Q:
        q = grant_q(grant, "lead_unit")
        # The plan's office manages all its tasks; a legal officer changes only its own unit's.
        if action == VIEW or grant.role != Role.LEGAL_OFFICER:
            q |= grant_q(grant, "plan__unit")
        if action == VIEW:
            # A subquery, not a join: a task with several cooperating units appears once.
            q |= Q(pk__in=Task.objects.filter(_cooperating_q(grant)).values("pk"))
        return q

    @property
    def number_label(self) -> str:
        if self.measure_id and self.number:
            return f"{self.measure.number}.{self.number}"
        return str(self.number or "")

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        if not self.title:
            _err(errors, "title", gettext("请填写任务名称。"))
        if self.measure_id and self.plan_id and self.measure.plan_id != self.plan_id:
            _err(errors, "measure", gettext("措施“%(m)s”不属于计划“%(p)s”。") % {
                "m": self.measure.title[:40], "p": self.plan.title[:40]})
        if self.plan_id and self.due_on:
            plan = self.plan
            if self.due_on < plan.starts_on:
                _err(errors, "due_on", gettext("完成时限（%(d)s）不得早于计划起始日期（%(s)s）。") % {
                    "d": self.due_on.isoformat(), "s": plan.starts_on.isoformat()})
            elif self.due_on > plan.ends_on:
                _err(errors, "due_on", gettext("完成时限（%(d)s）不得晚于计划截止日期（%(e)s）。") % {
                    "d": self.due_on.isoformat(), "e": plan.ends_on.isoformat()})
        if self.plan_id and self.lead_unit_id:
            prefix = self.plan.unit.region_prefix
            if not self.lead_unit.region_id.startswith(prefix):
                _err(errors, "lead_unit", gettext("牵头单位“%(u)s”不在计划印发单位所属区划内。") % {
                    "u": self.lead_unit.name})
        if errors:
            raise ValidationError(errors)


def percent_message(value: Any) -> str:
    return gettext("完成进度应为0至100之间的整数（现为%(p)s）。") % {"p": value}


class ProgressReport(AuditedModel):
    """A progress report of a task's lead unit; the office accepts or returns it (with a comment)."""

    task = models.ForeignKey(Task, verbose_name=_("工作任务"), on_delete=models.PROTECT,
                             related_name="progress_reports")
    reported_on = models.DateField(_("报告日期"))
    percent = models.SmallIntegerField(_("完成进度（%）"), error_messages={"invalid": _("完成进度应为0至100之间的整数。")})
    text = models.TextField(_("进展情况"))
    status = models.CharField(_("审核状态"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.SUBMITTED, editable=False)
    comment = models.TextField(_("审核意见"), blank=True, editable=False)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "task__lead_unit"
    writer_roles = TASK_WRITERS

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return gettext("%(task)s · %(date)s进度报告") % {"task": self.task.title[:60],
                                                     "date": str(self.reported_on)}

    def get_absolute_url(self) -> str:
        return reverse("tasks:report_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> Q:
        q = grant_q(grant, "task__lead_unit")
        if action == VIEW or grant.role != Role.LEGAL_OFFICER:
            q |= grant_q(grant, "task__plan__unit")
        if action == VIEW:
            q |= Q(task__in=Task.objects.filter(_cooperating_q(grant)).values("pk"))
        return q

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.percent is not None and not 0 <= self.percent <= 100:
            _err(errors, "percent", percent_message(self.percent))
        if not (self.text or "").strip():
            _err(errors, "text", gettext("请填写进展情况。"))
        elif len(self.text) > TEXT_MAX:
            _err(errors, "text", gettext("进展情况不得超过%(n)d个字。") % {"n": TEXT_MAX})
        today = clock.today()
        if self.reported_on and self.reported_on > today:
            _err(errors, "reported_on", gettext("报告日期不得晚于今天（%(t)s）。") % {"t": today.isoformat()})
        if errors:
            raise ValidationError(errors)
