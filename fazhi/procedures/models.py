"""Procedure data: time-limit rules, running deadlines, transition history, notifications, attachments."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.calendar import service as calendar
from fazhi.calendar.service import DayUnit, NoHolidayData, TimeLimit
from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock


class TimeLimitRule(AuditedModel):
    """The legal value of a declared time limit: the default (no region) or a region's override.

    Default rows are synced from the procedure declarations (`fazhi procedures sync`, and created
    after every migrate); administrators add override rows for a region. A record uses the rule of
    the most specific region containing its unit's region.
    """

    key = models.CharField(_("期限代码"), max_length=100)
    label = models.CharField(_("期限名称"), max_length=100)
    n = models.PositiveIntegerField(_("期限数值"))
    day_unit = models.CharField(_("计算单位"), max_length=16, choices=DayUnit.choices)
    basis = models.CharField(_("法律依据"), max_length=300, help_text=_("法律法规名称及条款，如：行政处罚法第六十条。"))
    region = models.ForeignKey("core.Region", verbose_name=_("适用区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("留空为默认规则（适用于全部区划）；填写则只适用于该区划及其下级区划。"))
    note = models.TextField(_("备注"), blank=True, help_text=_("如：本地规定的文号、调整理由。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["key", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(region__isnull=True),
                                    name="timelimitrule_one_default_per_key"),
            models.UniqueConstraint(fields=["key", "region"], condition=Q(region__isnull=False),
                                    name="timelimitrule_one_per_key_region"),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id else gettext("默认")
        return f"{self.label}（{where}）：{self.time_limit.label()}"

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.n, self.day_unit, self.basis)

    def clean(self) -> None:
        from fazhi.procedures.engine import declared_limits

        declared = declared_limits()
        if self.key and self.key not in declared:
            raise ValidationError({"key": gettext("没有声明代码为“%(key)s”的期限。") % {"key": self.key}})
        if self.key and not self.label:
            self.label = declared[self.key].label


class DeadlineStatus(models.TextChoices):
    ON_TIME = "on_time", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")
    STOPPED = "stopped", _("已结束")


STATUS_RANK = {DeadlineStatus.OVERDUE: 0, DeadlineStatus.DUE_SOON: 1, DeadlineStatus.ON_TIME: 2,
               DeadlineStatus.STOPPED: 3}


def due_soon_until(today: datetime.date) -> tuple[datetime.date, str]:
    """The last due date counted as "due soon" (today + N working days), and a warning if estimated.

    Without holiday data for the year, the bound is estimated on Monday–Friday and a warning says so:
    a list page must still show deadlines (never crash), but must not hide that the count is rough.
    """
    n = settings.FAZHI.get("DUE_SOON_WORKING_DAYS", 3)
    try:
        return calendar.add_working_days(today, n), ""
    except NoHolidayData as exc:
        day, counted = today, 0
        while counted < n:
            day += datetime.timedelta(days=1)
            counted += day.weekday() < 5
        return day, gettext("缺少%(year)s年的节假日安排数据，“即将到期”暂按周一至周五估算。") % {"year": exc.year}


def status_q(status: str, today: datetime.date, soon: datetime.date | None = None) -> Q:
    """The plain, indexable condition equivalent to `with_status()`'s CASE giving `status`.

    overdue: running and due before today; due_soon: running and due from today to `soon` (today + N
    working days); on_time: running and due after `soon`; stopped: stopped_on set. Filtering on the
    CASE itself would evaluate it on every visible row (no index can serve it), and stopped rows
    accumulate forever; these conditions use `deadline_running_idx` / `deadline_status_idx`.
    """
    if status == DeadlineStatus.STOPPED:
        return Q(stopped_on__isnull=False)
    if soon is None:
        soon = due_soon_until(today)[0]
    running = Q(stopped_on__isnull=True)
    if status == DeadlineStatus.OVERDUE:
        return running & Q(due_on__lt=today)
    if status == DeadlineStatus.DUE_SOON:
        return running & Q(due_on__gte=today, due_on__lte=soon)
    if status == DeadlineStatus.ON_TIME:
        return running & Q(due_on__gt=soon)
    raise ValueError(f"unknown deadline status: {status!r}")


class DeadlineQuerySet(AccessQuerySet):
    def running(self) -> DeadlineQuerySet:
        return self.filter(stopped_on__isnull=True)

    def stopped(self) -> DeadlineQuerySet:
        return self.filter(stopped_on__isnull=False)

    def with_status_filter(self, status: str, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Only rows of `status` (a DeadlineStatus value), by indexable conditions — never by the CASE."""
        return self.filter(status_q(status, today or clock.today()))

    def overdue(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        return self.with_status_filter(DeadlineStatus.OVERDUE, today)

    def due_soon(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        return self.with_status_filter(DeadlineStatus.DUE_SOON, today)

    def on_time(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        return self.with_status_filter(DeadlineStatus.ON_TIME, today)

    def urgent(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Overdue or due soon: running and due on or before today + N working days."""
        soon, _warning = due_soon_until(today or clock.today())
        return self.running().filter(due_on__lte=soon)

    def for_record(self, record: models.Model) -> DeadlineQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)

    def with_status(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Annotate `status` (DeadlineStatus), `status_rank` and `is_late` in SQL, for display.

        Do not filter, order or count on these annotations over many rows: no index can serve a CASE.
        Filter with `with_status_filter()` / `running()` / `overdue()`…, order running rows by `due_on`
        (the same order as `status_rank` among running rows), count with `selectors.status_counts()`.
        """
        today = today or clock.today()
        soon, _warning = due_soon_until(today)
        return self.annotate(
            status=Case(
                When(stopped_on__isnull=False, then=Value(DeadlineStatus.STOPPED.value)),
                When(due_on__lt=today, then=Value(DeadlineStatus.OVERDUE.value)),
                When(due_on__lte=soon, then=Value(DeadlineStatus.DUE_SOON.value)),
                default=Value(DeadlineStatus.ON_TIME.value),
                output_field=models.CharField(),
            ),
            status_rank=Case(
                When(stopped_on__isnull=False, then=Value(STATUS_RANK[DeadlineStatus.STOPPED])),
                When(due_on__lt=today, then=Value(STATUS_RANK[DeadlineStatus.OVERDUE])),
                When(due_on__lte=soon, then=Value(STATUS_RANK[DeadlineStatus.DUE_SOON])),
                default=Value(STATUS_RANK[DeadlineStatus.ON_TIME]),
                output_field=models.IntegerField(),
            ),
            # Late: still running past the due date, or stopped after it (超期办结).
            is_late=Case(
                When(stopped_on__isnull=True, due_on__lt=today, then=Value(True)),
                When(stopped_on__gt=models.F("due_on"), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )


class Deadline(AuditedModel):
    """A running (or stopped) time limit of one record, started and stopped by transitions.

    n/unit/basis are copied from the rule resolved when it started: a later change of the rule does
    not move a deadline already running.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    record_repr = models.CharField(_("事项"), max_length=200)
    unit = models.ForeignKey("core.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("期限代码"), max_length=100)
    label = models.CharField(_("期限名称"), max_length=100)
    started_on = models.DateField(_("起算日"))
    due_on = models.DateField(_("届满日"))
    n = models.PositiveIntegerField(_("期限数值"))
    day_unit = models.CharField(_("计算单位"), max_length=16, choices=DayUnit.choices)
    basis = models.CharField(_("法律依据"), max_length=300)
    rule = models.ForeignKey(TimeLimitRule, verbose_name=_("适用规则"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    started_by_transition = models.CharField(_("起算操作"), max_length=64, blank=True)
    stopped_on = models.DateField(_("结束日"), null=True, blank=True)
    stopped_by_transition = models.CharField(_("结束操作"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DeadlineQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = frozenset({Role.ADMIN})  # written by the engine, not by hand

    class Meta:
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="deadline_record_idx"),
            models.Index(fields=["stopped_on", "due_on"], name="deadline_status_idx"),
            # Running deadlines are a small, current subset of a table that grows with every stopped one:
            # the home page, the list and the counts read only them (a unit's, or by due date).
            models.Index(fields=["unit", "due_on"], condition=Q(stopped_on__isnull=True),
                         name="deadline_running_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "key"],
                                    condition=Q(stopped_on__isnull=True), name="deadline_one_running_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.record_repr} · {self.label} · {self.due_on:%Y-%m-%d}"

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.n, self.day_unit, self.basis)

    def get_status(self, today: datetime.date | None = None) -> str:
        """The status, from the annotation when present (lists), else computed (one row)."""
        annotated = self.__dict__.get("status")
        if annotated:
            return annotated
        today = today or clock.today()
        if self.stopped_on:
            return DeadlineStatus.STOPPED
        if self.due_on < today:
            return DeadlineStatus.OVERDUE
        return DeadlineStatus.DUE_SOON if self.due_on <= due_soon_until(today)[0] else DeadlineStatus.ON_TIME

    @property
    def status_label(self) -> str:
        return str(DeadlineStatus(self.get_status()).label)

    def working_days_left(self, today: datetime.date | None = None) -> int | None:
        """Working days to the due date (negative: overdue); None when the calendar lacks the year."""
        try:
            return calendar.working_days_left(self.due_on, today or clock.today())
        except NoHolidayData:
            return None


class TransitionLog(models.Model):
    """One taken transition of one record (its procedural history). Append-only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey("core.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    transition = models.CharField(_("操作代码"), max_length=64)
    transition_label = models.CharField(_("操作"), max_length=100)
    from_state = models.CharField(_("原状态代码"), max_length=64)
    from_label = models.CharField(_("原状态"), max_length=100)
    to_state = models.CharField(_("新状态代码"), max_length=64)
    to_label = models.CharField(_("新状态"), max_length=100)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(_("办理人"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    comment = models.TextField(_("办理意见"), blank=True)
    data = models.JSONField(_("附加数据"), null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = frozenset({Role.ADMIN})

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="transitionlog_record_idx")]

    def __str__(self) -> str:
        return f"{self.transition_label}：{self.from_label} → {self.to_label}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> NotificationQuerySet:
        """Notifications are personal: everyone (superusers too) sees only their own."""
        if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
            return self.none()
        return self.filter(user_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                             related_name="notifications")
    text = models.CharField(_("内容"), max_length=500)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read_idx")]

    def __str__(self) -> str:
        return self.text


def attachment_path(instance: Attachment, filename: str) -> str:
    today = clock.today()
    return f"attachments/{today:%Y/%m}/{filename}"


class Attachment(AuditedModel):
    """A file attached to a record, of a kind its procedure declares (transitions may require kinds)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey("core.Unit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("附件类型"), max_length=64)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"], name="attachment_record_idx")]

    def __str__(self) -> str:
        return self.name
