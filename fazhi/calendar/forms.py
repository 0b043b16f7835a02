"""The two GET forms of the deadline calculator. Chinese is the source language of every label."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.calendar.service import DayUnit

MAX_N = 3650
DATE_ERRORS = {"invalid": _("请输入有效日期，格式 YYYY-MM-DD。")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AddForm(_Form):
    """A period of n units triggered on a date: `?date=2025-09-26&n=7&unit=working_day`."""

    date = forms.DateField(label=_("开始日期"), widget=DateInput(), input_formats=["%Y-%m-%d"],
                           help_text=_("引起期限的事件发生之日（送达、受理等）；期限自次日起算。"),
                           error_messages={**DATE_ERRORS, "required": _("请填写开始日期。")})
    n = forms.IntegerField(label=_("期限数值"), min_value=0, max_value=MAX_N,
                           error_messages={"required": _("请填写期限数值。"),
                                           "invalid": _("期限数值必须是整数。"),
                                           "min_value": _("期限数值不能为负数。"),
                                           "max_value": _("期限数值不能超过 %(limit_value)s。")})
    unit = forms.ChoiceField(label=_("期限单位"), choices=DayUnit.choices, initial=DayUnit.WORKING_DAY,
                             error_messages={"required": _("请选择期限单位。"),
                                             "invalid_choice": _("请选择有效的期限单位。")})


class BetweenForm(_Form):
    """Working days in (start, end]: `?start=2025-09-26&end=2025-10-31`."""

    start = forms.DateField(label=_("起始日期"), widget=DateInput(), input_formats=["%Y-%m-%d"],
                            help_text=_("不计入起始日当天。"),
                            error_messages={**DATE_ERRORS, "required": _("请填写起始日期。")})
    end = forms.DateField(label=_("截止日期"), widget=DateInput(), input_formats=["%Y-%m-%d"],
                          help_text=_("计入截止日当天；早于起始日时结果为负数。"),
                          error_messages={**DATE_ERRORS, "required": _("请填写截止日期。")})
