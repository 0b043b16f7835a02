"""Forms of the staff pages (and the question import). Choices come through the access layer;
validation is the models' (Chinese)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW
from fazhi.core.models import Unit, UnitType, User
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.study.models import (
    OPTION_LETTERS,
    SESSION_WRITERS,
    Exam,
    Question,
    StudyRule,
    StudySession,
    normalise_answer,
)
from fazhi.study.services import writable_units


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["unit", "kind", "held_on", "topic", "laws", "speaker", "venue", "notes"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"held_on": _date(), "laws": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user, SESSION_WRITERS)


class AttendanceForm(forms.Form):
    """The unit's staff ticked present or absent, and other attendees typed in (one a line)."""

    present_users = forms.ModelMultipleChoiceField(label=_("出席的工作人员"), queryset=User.objects.none(),
                                                   required=False, widget=forms.CheckboxSelectMultiple)
    absent_users = forms.ModelMultipleChoiceField(label=_("缺席的工作人员"), queryset=User.objects.none(),
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    present_names = forms.CharField(label=_("其他出席人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("未在系统中的人员，每行或用逗号分隔填写姓名"))
    absent_names = forms.CharField(label=_("其他缺席人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, session: StudySession, **kwargs: Any):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(unit__path__startswith=session.unit.path, is_active=True).order_by("username")
        self.fields["present_users"].queryset = staff
        self.fields["absent_users"].queryset = staff


UNIT_TYPE_CHOICES = [(v, label) for v, label in UnitType.choices]


class RuleForm(forms.ModelForm):
    unit_types = forms.MultipleChoiceField(label=_("适用单位类型"), choices=UNIT_TYPE_CHOICES,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = StudyRule
        fields = ["unit", "title", "kind", "required_count", "period", "unit_types", "source", "active"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class QuestionForm(forms.ModelForm):
    """Options as separate fields 选项A–F (the import's columns); the answer as letters or 正确/错误."""

    option_a = forms.CharField(label=_("选项A"), required=False)
    option_b = forms.CharField(label=_("选项B"), required=False)
    option_c = forms.CharField(label=_("选项C"), required=False)
    option_d = forms.CharField(label=_("选项D"), required=False)
    option_e = forms.CharField(label=_("选项E"), required=False)
    option_f = forms.CharField(label=_("选项F"), required=False)

    class Meta:
        model = Question
        fields = ["unit", "qtype", "stem", "option_a", "option_b", "option_c", "option_d", "option_e",
                  "option_f", "answer", "source", "tags", "active"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"stem": forms.Textarea(attrs={"rows": 3})}

    OPTION_FIELDS = [f"option_{c.lower()}" for c in OPTION_LETTERS]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["answer"].max_length = 10
        self.fields["answer"].widget.attrs["maxlength"] = 10
        if self.instance.pk:
            for name, text in zip(self.OPTION_FIELDS, self.instance.options, strict=False):
                self.initial[name] = text

    def clean_answer(self) -> str:
        return normalise_answer(self.cleaned_data.get("qtype") or "", self.cleaned_data.get("answer") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        texts = [(cleaned.get(name) or "").strip() for name in self.OPTION_FIELDS]
        while texts and not texts[-1]:
            texts.pop()
        if any(not t for t in texts):
            self.add_error("option_a", gettext("选项应从A起连续填写，中间不能空缺。"))
        self.instance.options = texts
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        # The model's option errors belong to the first option column.
        if "options" in self._errors:
            self._errors.setdefault("option_a", self.error_class()).extend(self._errors.pop("options"))


class ExamForm(forms.ModelForm):
    candidate_usernames = forms.CharField(
        label=_("指定参考人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("填写用户名，每行或用逗号分隔；与参考单位二者至少填一项"))

    class Meta:
        model = Exam
        fields = ["unit", "kind", "title", "time_limit_minutes", "pass_mark", "single_count", "single_points",
                  "multiple_count", "multiple_points", "judge_count", "judge_points", "topic", "opens_at",
                  "closes_at", "candidate_unit", "candidate_usernames"]
        field_classes = {"unit": UnitChoiceField, "candidate_unit": UnitChoiceField,
                         "opens_at": forms.DateTimeField, "closes_at": forms.DateTimeField}
        widgets = {"opens_at": _datetime(), "closes_at": _datetime(),
                   "candidate_unit": UnitPickerWidget(purpose=VIEW)}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = writable_units(user)
        self.fields["candidate_unit"].queryset = Unit.objects.visible_to(user)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if self.instance.pk:
            self.initial["candidate_usernames"] = "\n".join(
                self.instance.candidates.values_list("user__username", flat=True))
        self.candidates: list[User] = []

    def clean_candidate_usernames(self) -> str:
        text = self.cleaned_data.get("candidate_usernames") or ""
        names = [n.strip() for n in text.replace("，", ",").replace("\n", ",").split(",") if n.strip()]
        found = {u.username: u for u in User.objects.visible_to(self.user).filter(username__in=names)}
        missing = [n for n in names if n not in found]
        if missing:
            raise ValidationError(gettext("找不到用户名为“%(n)s”的工作人员，或不在您的管理范围内。") % {
                "n": "、".join(missing)})
        self.candidates = list(found.values())
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("candidate_unit") and not self.candidates and "candidate_usernames" not in self.errors:
            self.add_error("candidate_unit", gettext("请填写参考单位或指定参考人员。"))
        return cleaned

