"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import CHANGE
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.inspections.models import (
    EscalationKind,
    Finding,
    Inspection,
    InterferenceRecord,
    RectificationItem,
)
from fazhi.inspections.services import writable_units


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class InspectionForm(forms.ModelForm):
    inspected_units = forms.ModelMultipleChoiceField(
        label=_("被督察单位"), queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("请选择被督察单位。"),
                        "invalid_choice": _("被督察单位“%(value)s”不存在或不在您的职责范围内。")},
        help_text=_("按住 Ctrl 可多选"))

    class Meta:
        model = Inspection
        fields = ["organizer", "title", "level", "topic", "inspected_units", "team", "start_on", "end_on",
                  "by_hearing", "by_files", "by_site_visit", "by_unannounced_visit"]
        field_classes = {"organizer": UnitChoiceField}
        widgets = {"start_on": _date(), "end_on": _date(), "topic": _rows(3), "team": _rows(3)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = writable_units(user)
        self.fields["inspected_units"].queryset = writable_units(user).order_by("region_id", "name")


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["source", "inspection", "higher_inspection", "higher_document", "unit", "category", "found_on",
                  "description"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"found_on": _date(), "description": _rows(4)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = Inspection.objects.visible_to(user, CHANGE)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["unit"].error_messages["required"] = _("请选择问题所在单位。")


class ItemForm(forms.ModelForm):
    class Meta:
        model = RectificationItem
        fields = ["finding", "requirement", "measures", "responsible_unit", "responsible_leader", "issued_on",
                  "due_on"]
        field_classes = {"responsible_unit": UnitChoiceField}
        widgets = {"issued_on": _date(), "due_on": _date(), "requirement": _rows(3), "measures": _rows(3),
                   "responsible_unit": UnitPickerWidget(purpose=CHANGE)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = Finding.objects.visible_to(user, CHANGE).select_related("unit")
        self.fields["responsible_unit"].queryset = writable_units(user)
        self.fields["responsible_unit"].error_messages["required"] = _("请选择责任单位。")


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("整改佐证材料"), error_messages={"required": _("请选择要上传的佐证材料文件。")})


class EscalationForm(forms.Form):
    kind = forms.ChoiceField(label=_("督办方式"), choices=EscalationKind.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=_date(), help_text=_("留空为今天"))
    note = forms.CharField(label=_("说明"), required=False, max_length=2000, widget=_rows(2))


class InterferenceForm(forms.ModelForm):
    class Meta:
        model = InterferenceRecord
        fields = ["unit", "occurred_on", "person_name", "person_post", "case", "manner", "content", "handling",
                  "handling_note", "recorded_by"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"occurred_on": _date(), "content": _rows(3), "handling_note": _rows(2)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user, InterferenceRecord.writer_roles)
        self.fields["unit"].error_messages["required"] = _("请选择记录单位。")


