"""The administrator-editable holiday table: it overrides and extends the `chinesecalendar` package.

`CalendarDay` rows override the package for one date (a holiday or a make-up working day);
`HolidayYear` rows declare that a whole year's State Council notice has been entered, so that years
the package lacks (after 2026) become computable. Global reference data, not owned by a unit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.audit import AuditedModel


class CalendarDay(AuditedModel):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("休息日/节假日")
        WORKDAY = "workday", _("调休上班日")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：春节、国庆节、中秋节。"))
    basis = models.CharField(_("依据"), max_length=200,
                             help_text=_("国务院办公厅放假通知及文号，如：国办发明电〔2024〕12号。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return " ".join(part for part in (f"{self.date:%Y-%m-%d}", self.name, str(self.get_kind_display())) if part)

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORKDAY


class HolidayYear(AuditedModel):
    year = models.PositiveSmallIntegerField(
        _("年份"), unique=True, validators=[MinValueValidator(1949), MaxValueValidator(2200)])
    notice = models.CharField(
        _("放假通知"), max_length=300,
        help_text=_("国务院办公厅关于该年部分节假日安排的通知及文号。"))
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("已录入放假安排的年度")
        verbose_name_plural = _("已录入放假安排的年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return gettext("%(year)s年") % {"year": self.year}

    def clean(self) -> None:
        # Declaring a year covered before its holidays are entered would make every deadline in it
        # silently weekend-only: require the notice's rest days first (every notice has some).
        if self.year and not CalendarDay.objects.filter(
                date__year=self.year, kind=CalendarDay.Kind.HOLIDAY).exists():
            from fazhi.calendar.service import package_years

            if self.year not in package_years():
                raise ValidationError({"year": gettext(
                    "请先在“节假日与调休”中逐日录入%(year)s年的放假日期和调休上班日，再登记该年度。"
                ) % {"year": self.year}})
