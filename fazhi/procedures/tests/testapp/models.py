from django.db import models

from fazhi.core.access import AccessQuerySet
from fazhi.core.audit import AuditedModel


class Widget(AuditedModel):
    title = models.CharField("标题", max_length=100, blank=True)
    amount = models.IntegerField("金额", default=0)
    received_on = models.DateField("收件日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    state = models.CharField("状态", max_length=32, default="draft")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"

    def __str__(self) -> str:
        return self.title or f"widget {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/widgets/{self.pk}/"
