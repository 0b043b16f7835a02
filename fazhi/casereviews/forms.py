"""Forms of the staff pages. Choices come through the access layer; validation is the models' and the
services' (Chinese)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.casereviews.models import (
    ReviewPlan,
    ScoreCategory,
    ScoreSheet,
    ScoreSheetItem,
    WrongCaseAccountability,
    points_text,
)
from fazhi.casereviews.services import writable_units
from fazhi.cases.models import EnforcementCase
from fazhi.core.models import User
from fazhi.core.widgets import UnitChoiceField
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class SheetForm(forms.ModelForm):
    class Meta:
        model = ScoreSheet
        fields = ["unit", "name", "version", "valid_from", "excellent_min", "good_min", "pass_min"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"valid_from": _date()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class SheetItemForm(forms.ModelForm):
    class Meta:
        model = ScoreSheetItem
        fields = ["category", "criterion", "basis", "max_points"]
        widgets = {"criterion": _rows(2)}


class PlanForm(forms.ModelForm):
    bodies = forms.ModelMultipleChoiceField(
        label=_("评查范围（执法主体）"), queryset=EnforcementBody.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("留空：组织单位所在区划（含下级）的全部有效执法主体"),
        error_messages={"invalid_choice": _("执法主体“%(value)s”不存在或不在您的职责范围内。")})
    reviewers = forms.ModelMultipleChoiceField(
        label=_("评查人员"), queryset=User.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("评查人员“%(value)s”不存在或不在您的职责范围内。")})

    class Meta:
        model = ReviewPlan
        fields = ["office", "title", "period_kind", "year", "quarter", "month", "bodies", "ratio_bp", "min_per_body",
                  "sheet", "reviewers"]
        field_classes = {"office": UnitChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = writable_units(user)
        self.fields["bodies"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")
        self.fields["reviewers"].queryset = User.objects.visible_to(user).filter(is_active=True).order_by("username")
        self.fields["sheet"].queryset = ScoreSheet.objects.visible_to(user)
        if self.instance.pk:
            self.initial.setdefault("bodies", list(self.instance.bodies.values_list("pk", flat=True)))
            self.initial.setdefault("reviewers", list(self.instance.reviewers.values_list("pk", flat=True)))


class ScoreForm(forms.Form):
    """One field per criterion of the sheet (and its deduction note), plus the reviewer's comments."""

    comments = forms.CharField(label=_("评查意见"), required=False, widget=_rows(3))

    def __init__(self, *args, items=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.items = list(items)
        for item in self.items:
            current = scores.get(item.pk)
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=gettext("%(n)d. %(criterion)s（%(max)s分）") % {
                    "n": item.order, "criterion": item.criterion, "max": points_text(item.max_points)},
                required=False, min_value=0, max_digits=5, decimal_places=1,
                initial=current.points if current else None,
                error_messages={"invalid": _("请填写数字。"), "min_value": _("得分不能为负数。")})
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("扣分理由"), required=False, max_length=200, initial=current.note if current else "")

    def rows(self):
        return [(item, self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def points(self) -> dict[int, object]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}

    def notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"note_{item.pk}", "") for item in self.items}


class FindingForm(forms.Form):
    category = forms.ChoiceField(label=_("问题类别"), choices=ScoreCategory.choices)
    text = forms.CharField(label=_("存在问题"), widget=_rows(3), error_messages={"required": _("请填写存在的问题。")})
    requirement = forms.CharField(label=_("整改要求"), widget=_rows(2), required=False)
    returned_on = forms.DateField(label=_("反馈日期"), widget=_date(), required=False)
    due_on = forms.DateField(label=_("整改时限"), widget=_date(), error_messages={"required": _("请填写整改时限。")})


class LetterForm(forms.Form):
    findings = forms.ModelMultipleChoiceField(
        label=_("评查发现问题"), queryset=EnforcementBody.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个评查发现问题。"),
                        "invalid_choice": _("所选问题“%(value)s”不存在或不在您的职责范围内。")})
    number = forms.CharField(label=_("文号"), required=False, max_length=60, help_text=_("留空：自动编号"))
    issued_on = forms.DateField(label=_("发函日期"), widget=_date(), required=False)
    text = forms.CharField(label=_("督办要求"), widget=_rows(3), required=False, help_text=_("留空：使用通用督办要求"))

    def __init__(self, *args, findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings


class AccountabilityForm(forms.ModelForm):
    """The case is named by its number and found among the chosen body's cases (a select of every visible
    case would list tens of thousands); an unknown number is an error, unless the user says the case was
    never registered on the platform (it is then recorded by number only)."""

    # Not required here: the model says "请填写案件编号。" itself (said twice otherwise).
    case_number = forms.CharField(label=_("案件编号"), max_length=60, required=False,
                                  widget=forms.TextInput(attrs={"required": True}),
                                  help_text=_("填写本平台登记的案件编号，在所选执法主体的案件中查找"),
                                  error_messages={"max_length": _("案件编号不得超过%(limit_value)d个字。")})
    off_platform = forms.BooleanField(label=_("平台外案件"), required=False,
                                      help_text=_("案件未在本平台登记（如平台启用前办结）的，勾选后只记录案件编号"))
    officers = forms.ModelMultipleChoiceField(
        label=_("责任人员"), queryset=EnforcementOfficer.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("执法人员“%(value)s”不存在或不在您的职责范围内。")})

    class Meta:
        model = WrongCaseAccountability
        fields = ["body", "case_number", "off_platform", "officers", "persons", "error_kind", "found_by",
                  "description", "decision", "decided_on", "decided_by", "basis"]
        widgets = {"decided_on": _date(), "description": _rows(3), "basis": _rows(2)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")
        self.fields["officers"].queryset = EnforcementOfficer.objects.visible_to(user)
        if self.instance.pk:
            self.initial.setdefault("officers", list(self.instance.officers.values_list("pk", flat=True)))
            self.initial.setdefault("off_platform", self.instance.case_id is None)

    def clean(self):
        data = super().clean()
        # Resolved afresh on every submission (the body or the number may have changed).
        self.instance.case = None
        body, number = data.get("body"), (data.get("case_number") or "").strip()
        if body is None or not number:
            return data
        data["case_number"] = number
        # (body, number) is unique among cases: at most one. A case found is linked even if "off platform"
        # was ticked (it is on the platform after all).
        case = EnforcementCase.objects.visible_to(self.user).filter(body=body, number=number).first()
        if case is None and data.get("off_platform"):
            return data
        if case is None:
            self.instance.case_number = number  # the model would otherwise also ask for a number
            self.add_error("case_number", gettext(
                "执法主体“%(body)s”没有案件编号为“%(number)s”的案件：请核对案件编号；"
                "案件未在本平台登记的，请勾选“平台外案件”。") % {"body": body.name, "number": number})
        else:
            self.instance.case = case
        return data
