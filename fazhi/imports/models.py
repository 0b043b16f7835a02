"""Background jobs: one small table of our own that any number of `fazhi worker` processes share.

A job is infrastructure, not a record of the organisation: it is not audited (its progress and
heartbeat change every second); the records a job writes are, in the job's own transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    """A unit of background work, run by the handler registered under `kind` (jobs.job_handler)."""

    kind = models.CharField(_("任务类型"), max_length=50)
    label = models.CharField(_("名称"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Whose job it is for access: the creator's unit (anchor "unit").
    unit = models.ForeignKey("core.Unit", verbose_name=_("单位"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    payload = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    # The uploaded file lives in the database, so a worker on any machine can run the job.
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    file_data = models.BinaryField(_("文件内容"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    claimed_by = models.CharField(_("执行进程"), max_length=100, blank=True)
    heartbeat = models.DateTimeField(_("心跳"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    # Daily jobs: "<kind>:<date>", unique, so that only one worker queues the day's run.
    schedule_key = models.CharField(_("定时任务标识"), max_length=100, null=True, blank=True, unique=True,
                                    editable=False)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_queue_idx")]

    def __str__(self) -> str:
        return self.label or self.kind

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
