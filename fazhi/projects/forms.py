"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.projects.models import Milestone, ProgressNote, Project
from fazhi.projects.services import writable_units


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["unit", "year", "title", "responsible_unit", "description", "target"]
        field_classes = {"unit": UnitChoiceField, "responsible_unit": UnitChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "target": forms.Textarea(attrs={"rows": 2}),
                   "responsible_unit": UnitPickerWidget(purpose=VIEW)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["responsible_unit"].queryset = Unit.objects.visible_to(user)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": _date()}
        error_messages = {"title": {"required": _("请填写节点名称。")}, "due_on": {"required": _("请填写完成时限。")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=_date(),
                              error_messages={"required": _("请填写完成日期。"), "invalid": _("完成日期格式应为YYYY-MM-DD。")})


class NoteForm(forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["noted_on", "text"]
        widgets = {"noted_on": _date(), "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": _("请填写进展情况。")}, "noted_on": {"required": _("请填写日期。")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
