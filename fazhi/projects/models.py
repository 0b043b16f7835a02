"""Practical projects for the people (法治为民办实事): the office's yearly projects, each carried out by a
responsible unit, with milestones and progress notes, published on the portal when the office decides.

Access: a project belongs to the office that set it (the committee office); the responsible unit sees
it and reports on it (marks milestones done, adds progress notes), but only the office changes what
the project is (title, target, milestones) and publishes it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW, AccessQuerySet, Grant, Role, grant_q
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
# Progress is reported by the responsible unit (its legal officer) as well as by the office.
REPORTERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER})

TITLE_MAX = 200
TEXT_MAX = 5000
FIRST_YEAR = 2016
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _err(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _too_long(errors: dict[str, list[str]], field: str, value: str, limit: int, label: str) -> None:
    if len(value or "") > limit:
        _err(errors, field, gettext("%(label)s不得超过%(n)d个字（现有%(len)d个字）。") % {
            "label": label, "n": limit, "len": len(value)})


def _not_future(errors: dict[str, list[str]], field: str, value: datetime.date | None, label: str) -> None:
    today = clock.today()
    if value and value > today:
        _err(errors, field, gettext("%(label)s不得晚于今天（%(today)s）。") % {"label": label, "today": today.isoformat()})


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("已立项")
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


class Project(AuditedModel):
    unit = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("依法治市（县）办所在单位"))
    year = models.PositiveSmallIntegerField(_("项目年度"))
    year_start = models.DateField(_("项目年度起始日"), editable=False)
    title = models.CharField(_("项目名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    description = models.TextField(_("项目内容"), blank=True)
    responsible_unit = models.ForeignKey("core.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                                         related_name="+")
    target = models.TextField(_("预期目标"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=ProjectState.choices, default=ProjectState.PLANNED,
                             editable=False)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("公开日期"), null=True, blank=True, editable=False,
                                    help_text=_("依法治市（县）办决定在公众门户公开的日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("法治为民办实事项目")
        verbose_name_plural = _("法治为民办实事项目")
        ordering = ["-year", "pk"]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        q = grant_q(grant, "unit")
        if action == VIEW:
            q |= grant_q(grant, "responsible_unit")
        return q

    def save(self, *args, **kwargs) -> None:
        if self.year:
            self.year_start = datetime.date(self.year, 1, 1)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        last = clock.today().year + 1
        if self.year is not None and not FIRST_YEAR <= self.year <= last:
            _err(errors, "year", gettext("项目年度应在%(first)d年至%(last)d年之间。") % {"first": FIRST_YEAR, "last": last})
        _too_long(errors, "description", self.description, TEXT_MAX, gettext("项目内容"))
        _too_long(errors, "target", self.target, TEXT_MAX, gettext("预期目标"))
        if self.unit_id and self.responsible_unit_id and not self.responsible_unit.region_id.startswith(
                self.unit.region_prefix):
            _err(errors, "responsible_unit", gettext("责任单位“%(unit)s”不在“%(office)s”所属区划内。") % {
                "unit": self.responsible_unit.name, "office": self.unit.name})
        if not self._state.adding and self.year:
            outside = self.milestones.exclude(due_on__year=self.year).order_by("due_on").first()
            if outside is not None:
                _err(errors, "year", gettext("节点“%(m)s”的完成时限（%(d)s）不在%(y)d年内，请先调整节点。") % {
                    "m": outside.title, "d": outside.due_on.isoformat(), "y": self.year})
        if errors:
            raise ValidationError(errors)


def _reporters_filter(grant: Grant, action: str) -> models.Q:
    """Rows under a project: the office changes them; the responsible unit's officer reports on them."""
    q = grant_q(grant, "project__unit")
    if action == VIEW or grant.role == Role.LEGAL_OFFICER:
        q |= grant_q(grant, "project__responsible_unit")
    return q


class Milestone(AuditedModel):
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "project__unit"
    writer_roles = REPORTERS
    access_filter = staticmethod(_reporters_filter)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project_id", "due_on", "pk"]
        indexes = [models.Index(fields=["due_on"]), models.Index(fields=["done_on"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.title}" if self.project_id else self.title

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        if not self.title:
            _err(errors, "title", gettext("请填写节点名称。"))
        if self.project_id and self.due_on and self.due_on.year != self.project.year:
            _err(errors, "due_on", gettext("节点完成时限（%(d)s）须在项目年度（%(y)d年）内。") % {
                "d": self.due_on.isoformat(), "y": self.project.year})
        _not_future(errors, "done_on", self.done_on, gettext("完成日期"))
        if errors:
            raise ValidationError(errors)


class ProgressNote(AuditedModel):
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "project__unit"
    writer_roles = REPORTERS
    access_filter = staticmethod(_reporters_filter)

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.noted_on}"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.text = (self.text or "").strip()
        if not self.text:
            _err(errors, "text", gettext("请填写进展情况。"))
        _too_long(errors, "text", self.text, TEXT_MAX, gettext("进展情况"))
        _not_future(errors, "noted_on", self.noted_on, gettext("日期"))
        if errors:
            raise ValidationError(errors)
