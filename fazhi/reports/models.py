"""Annual reports on rule-of-law government construction (法治政府建设年度报告).

《法治政府建设与责任落实督察工作规定》 (2019): every local government and government department
reports the previous year's rule-of-law government construction — departments and governments to
the party committee and the government at the level above by 1 March, provinces by 1 April — and
publishes the report by 1 April. A report has five parts (RULES.md "Coordination and reporting").

A report belongs to its reporting unit (the government or department). Its figures come from the
figure registry for the unit's region and the calendar year; they are kept as a snapshot
(`figures`) so that what is exported is exactly what was computed, even while a refresh runs.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock

WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER})
FIRST_YEAR = 2019  # the reporting duty dates from 《法治政府建设与责任落实督察工作规定》 (2019)
TITLE_MAX = 200
NARRATIVE_MAX = 20000
PRESS_MAX = 20000


class ReportState(models.TextChoices):
    DRAFTING = "drafting", _("起草中")
    SUBMITTED = "submitted", _("已报送")
    PUBLISHED = "published", _("已公开")


class AnnualReport(AuditedModel):
    """One unit's report on one year."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("报告的人民政府或政府部门"))
    region = models.ForeignKey("core.Region", verbose_name=_("统计区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(_("报告年度"))
    title = models.CharField(_("报告标题"), max_length=TITLE_MAX, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFTING,
                             editable=False)
    # {part key: narrative text}; the figure sentences and tables are generated from `figures`.
    narratives = models.JSONField(_("叙述文字"), default=dict, blank=True)
    press_release = models.TextField(_("新闻通稿"), blank=True)
    # [FigureValue.as_dict(), ...] for the region and year, as computed at `figures_at`.
    figures = models.JSONField(_("指标数值"), default=list, blank=True, editable=False)
    figures_at = models.DateTimeField(_("指标计算时间"), null=True, blank=True, editable=False)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("公开日期"), null=True, blank=True, editable=False)
    # 1 April after the year (stored for the on-time figure, computed in SQL).
    publication_due_on = models.DateField(_("公开期限"), null=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = WRITERS

    class Meta:
        verbose_name = _("法治政府建设年度报告")
        verbose_name_plural = _("法治政府建设年度报告")
        ordering = ["-year", "unit__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reports_annual_unique",
                                    violation_error_message=_("该单位已有同一年度的年度报告。")),
        ]

    def __str__(self) -> str:
        return self.title or self.default_title()

    def default_title(self) -> str:
        name = self.unit.name if self.unit_id else ""
        return gettext("%(unit)s关于%(year)s年度法治政府建设情况的报告") % {"unit": name, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    def _derive(self) -> None:
        if self.unit_id:
            self.region_id = self.unit.region_id
        if self.year:
            self.publication_due_on = datetime.date(self.year + 1, 4, 1)

    def clean(self) -> None:
        self._derive()
        errors: dict[str, list[str]] = {}
        last = clock.today().year
        if self.year is not None and not FIRST_YEAR <= self.year <= last:
            errors.setdefault("year", []).append(gettext(
                "报告年度应在%(first)d年至%(last)d年之间（报告的是已开始的年度）。") % {"first": FIRST_YEAR, "last": last})
        if len(self.press_release or "") > PRESS_MAX:
            errors.setdefault("press_release", []).append(gettext("新闻通稿不得超过%(n)d个字。") % {"n": PRESS_MAX})
        for key, text in (self.narratives or {}).items():
            if len(text or "") > NARRATIVE_MAX:
                errors.setdefault("narratives", []).append(gettext(
                    "“%(part)s”的叙述文字不得超过%(n)d个字。") % {"part": key, "n": NARRATIVE_MAX})
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self._derive()
        super().save(*args, **kwargs)


class ReportVersion(AuditedModel):
    """A saved snapshot of a report: every part's text and the figure values used, who and when."""

    report = models.ForeignKey(AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("报告标题"), max_length=TITLE_MAX, blank=True)
    narratives = models.JSONField(_("叙述文字"), default=dict, blank=True)
    press_release = models.TextField(_("新闻通稿"), blank=True)
    figures = models.JSONField(_("指标数值"), default=list, blank=True)
    figures_at = models.DateTimeField(_("指标计算时间"), null=True, blank=True)
    note = models.CharField(_("版本说明"), max_length=200, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("保存人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "report__unit"
    writer_roles = WRITERS

    class Meta:
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reports_version_unique")]

    def __str__(self) -> str:
        return gettext("第%(n)d版") % {"n": self.number}
