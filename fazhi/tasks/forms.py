"""Forms of the staff pages (the task form is also the import's). Choices come through the access layer."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import CHANGE, VIEW
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.imports.fields import SpreadsheetDateField
from fazhi.procedures import clock
from fazhi.tasks.models import LEADER_MAX, Measure, Plan, PlanState, Task
from fazhi.tasks.services import writable_units

UNIT_SEPARATORS = re.compile(r"[、，,；;\n]+")


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


def parse_units(text: str, queryset: QuerySet[Unit]) -> tuple[list[Unit], list[str]]:
    """Units named in `text` (names or credit codes separated by 、，, or ；), with an error per unknown one."""
    units: list[Unit] = []
    errors: list[str] = []
    for ref in (r.strip() for r in UNIT_SEPARATORS.split(text or "")):
        if not ref:
            continue
        found = list(queryset.filter(Q(name=ref) | Q(credit_code=ref.upper()))[:2])
        if len(found) == 1:
            if found[0] not in units:
                units.append(found[0])
        elif found:
            errors.append(gettext("有多个单位名为“%(n)s”，请填写统一社会信用代码。") % {"n": ref})
        else:
            errors.append(gettext("找不到单位“%(n)s”，或该单位不在您的职责范围内。") % {"n": ref})
    return units, errors


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "kind", "unit", "starts_on", "ends_on", "document_number", "basis"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"starts_on": _date(), "ends_on": _date(), "basis": _rows(4)}
        error_messages = {"title": {"required": _("请填写计划名称。")},
                          "starts_on": {"required": _("请填写起始日期。"), "invalid": _("起始日期不是有效日期。")},
                          "ends_on": {"required": _("请填写截止日期。"), "invalid": _("截止日期不是有效日期。")}}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["unit"].error_messages["required"] = gettext("请选择印发单位。")
        if not self.instance.pk and not self.initial.get("starts_on"):
            year = clock.today().year
            self.initial.update(starts_on=f"{year}-01-01", ends_on=f"{year}-12-31")


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["plan", "number", "title", "description"]
        widgets = {"description": _rows(3)}
        error_messages = {"title": {"required": _("请填写措施名称。")}}
        help_texts = {"number": _("留空：排在最后")}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = Plan.objects.visible_to(user, CHANGE).exclude(state=PlanState.CLOSED)
        self.fields["plan"].queryset = plans
        self.fields["number"].required = False
        if self.instance.pk:
            self.fields["plan"].disabled = True


class TaskForm(forms.ModelForm):
    """The staff form and the import's row form: a unit may be named by its name or credit code."""

    cooperating = forms.CharField(
        label=_("配合单位"), required=False, widget=_rows(2),
        help_text=_("单位名称或统一社会信用代码，多个用“、”或“，”分隔"))
    due_on = SpreadsheetDateField(label=_("完成时限"), widget=_date(),
                                  error_messages={"required": _("请填写完成时限。")})

    class Meta:
        model = Task
        fields = ["plan", "measure", "number", "title", "lead_unit", "responsible_leader", "due_on",
                  "deliverable", "source"]
        field_classes = {"lead_unit": UnitChoiceField}
        widgets = {"lead_unit": UnitPickerWidget(purpose=VIEW)}
        error_messages = {"title": {"required": _("请填写任务名称。")},
                          "plan": {"required": _("请选择工作计划。"),
                                   "invalid_choice": _("找不到该工作计划，或您无权管理该计划。")}}

    field_order = ["plan", "measure", "number", "title", "lead_unit", "cooperating", "responsible_leader",
                   "due_on", "deliverable", "source"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = Unit.objects.visible_to(user)
        plans = Plan.objects.visible_to(user, CHANGE).exclude(state=PlanState.CLOSED)
        self.fields["plan"].queryset = plans
        self.fields["measure"].queryset = Measure.objects.filter(plan__in=plans.values("pk")).select_related("plan")
        lead = self.fields["lead_unit"]
        lead.queryset = self.units
        lead.required = True
        lead.error_messages.update(required=gettext("请选择牵头单位：每项任务须明确牵头单位。"),
                                   invalid_choice=gettext("找不到该牵头单位，或该单位不在您的职责范围内。"))
        self.fields["responsible_leader"].max_length = LEADER_MAX
        if self.instance.pk:
            self.fields["plan"].disabled = True
            self.initial["cooperating"] = "、".join(u.name for u in self.instance.cooperating_units.all())
        self.cooperating_units: list[Unit] = []

    def clean_cooperating(self) -> str:
        text = self.cleaned_data.get("cooperating", "")
        units, errors = parse_units(text, self.units)
        if errors:
            raise ValidationError(errors)
        self.cooperating_units = units
        return text


class ExtendForm(forms.Form):
    due_on = forms.DateField(label=_("新的完成时限"), widget=_date(),
                             error_messages={"required": _("请填写新的完成时限。"), "invalid": _("完成时限不是有效日期。")})
    reason = forms.CharField(label=_("调整理由"), max_length=500, widget=_rows(2),
                             error_messages={"required": _("请填写调整完成时限的理由。")})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ProgressForm(forms.Form):
    percent = forms.IntegerField(
        label=_("完成进度（%）"), min_value=0, max_value=100,
        error_messages={"required": _("请填写完成进度。"), "invalid": _("完成进度应为0至100之间的整数。"),
                        "min_value": _("完成进度应为0至100之间的整数。"),
                        "max_value": _("完成进度应为0至100之间的整数。")})
    reported_on = forms.DateField(label=_("报告日期"), required=False, widget=_date(),
                                  help_text=_("留空为今天"))
    text = forms.CharField(label=_("进展情况"), widget=_rows(5), error_messages={"required": _("请填写进展情况。")})
    files = MultipleFileField(label=_("佐证材料"), required=False,
                              help_text=_("可选多个文件：PDF、OFD、Word、Excel、WPS、图片，每个不超过20 MB"))
