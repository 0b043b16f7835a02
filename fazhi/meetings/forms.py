"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW
from fazhi.core.models import Unit, User
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.meetings.models import Decision, Meeting, Topic
from fazhi.meetings.services import writable_units


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["unit", "kind", "title", "held_on", "place", "chair", "attendees", "attendee_users"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"held_on": _date(), "attendees": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["attendee_users"].queryset = User.objects.visible_to(user).filter(is_active=True).order_by(
            "unit_id", "pk")
        self.fields["attendee_users"].help_text = _("出席会议的本平台用户（可多选）；其他人员填写在“出席人员”中")


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "rule_of_law"]
        error_messages = {"title": {"required": _("请填写议题。")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "responsible_unit", "due_on"]
        field_classes = {"responsible_unit": UnitChoiceField}
        widgets = {"due_on": _date(), "text": forms.Textarea(attrs={"rows": 2}),
                   "responsible_unit": UnitPickerWidget(purpose=VIEW)}
        error_messages = {"text": {"required": _("请填写议定事项。")},
                          "responsible_unit": {"required": _("请选择责任单位。")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.visible_to(user)


class TaskForm(forms.Form):
    """Turn a decision into a task: the office chooses the plan (fazhi.tasks)."""

    plan = forms.ModelChoiceField(label=_("纳入的任务分解方案"), queryset=None,
                                  error_messages={"required": _("请选择任务分解方案。"),
                                                  "invalid_choice": _("任务分解方案不存在或不在您的职责范围内。")})
    deliverable = forms.CharField(label=_("成果形式"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.apps import apps

        from fazhi.core.access import CHANGE

        plan_model = apps.get_model("tasks", "Plan")
        self.fields["plan"].queryset = plan_model.objects.visible_to(user, CHANGE)
