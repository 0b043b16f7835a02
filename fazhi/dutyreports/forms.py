"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import CHANGE, VIEW
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.dutyreports.models import DutyReport, DutyReportSchedule, Score
from fazhi.dutyreports.services import writable_units


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = DutyReportSchedule
        fields = ["unit", "year", "title", "notes"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class ReportForm(forms.ModelForm):
    class Meta:
        model = DutyReport
        fields = ["schedule", "leader_name", "leader_post", "leader_unit", "mode", "scheduled_on", "report_text"]
        field_classes = {"leader_unit": UnitChoiceField}
        widgets = {"scheduled_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "report_text": forms.Textarea(attrs={"rows": 8}),
                   "leader_unit": UnitPickerWidget(purpose=VIEW)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].queryset = DutyReportSchedule.objects.visible_to(user, CHANGE)
        self.fields["leader_unit"].queryset = Unit.objects.visible_to(user)


class ReportFileForm(forms.Form):
    file = forms.FileField(label=_("述法报告（.docx）"), error_messages={"required": _("请选择述法报告文件。")})


class ScoreForm(forms.ModelForm):
    class Meta:
        model = Score
        fields = ["score", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"score": {"required": _("请填写评分。"), "invalid": _("评分应为整数。")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
