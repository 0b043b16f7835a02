"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import CHANGE, VIEW
from fazhi.core.models import Region, Unit
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.legislation import selectors
from fazhi.legislation.models import (
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PointKind,
    PostLegislativeEvaluation,
)
from fazhi.legislation.services import writable_units


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class PlanForm(forms.ModelForm):
    class Meta:
        model = LegislativePlan
        fields = ["unit", "year", "kind", "title", "approved_on", "notes"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"approved_on": _date(), "notes": _rows(3)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = LegislativeProject
        fields = ["plan", "title", "category", "kind", "responsible_unit", "drafting_unit", "approved_on",
                  "effective_on", "description"]
        field_classes = {"responsible_unit": UnitChoiceField, "drafting_unit": UnitChoiceField}
        widgets = {"approved_on": _date(), "effective_on": _date(), "description": _rows(4),
                   # Any unit the user can see may lead a project (the plan's organiser assigns it).
                   "responsible_unit": UnitPickerWidget(purpose=VIEW),
                   "drafting_unit": UnitPickerWidget(purpose=VIEW)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        plans = Q(pk__in=LegislativePlan.objects.visible_to(user, CHANGE).values("pk"))
        if self.instance.plan_id:
            plans |= Q(pk=self.instance.plan_id)
        self.fields["plan"].queryset = LegislativePlan.objects.filter(plans).select_related("unit")
        for name in ("responsible_unit", "drafting_unit"):
            self.fields[name].queryset = Unit.objects.visible_to(user)


class PointForm(forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("所在区划代码"), queryset=Region.objects.none(), required=False, widget=forms.TextInput,
        help_text=_("留空：依托单位所属区划；可填写乡镇、村（社区）的区划代码"),
        error_messages={"invalid_choice": _("区划代码不存在或不在您的职责范围内。")})

    class Meta:
        model = ContactPoint
        fields = ["kind", "name", "host_unit", "host_type", "parent", "region", "address", "phone",
                  "staff_count", "collector_count", "established_on", "active"]
        field_classes = {"host_unit": UnitChoiceField}
        widgets = {"established_on": _date()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = writable_units(user)
        self.fields["parent"].queryset = ContactPoint.objects.visible_to(user).filter(
            kind=PointKind.CONTACT).exclude(pk=self.instance.pk)
        self.fields["region"].queryset = Region.objects.visible_to(user)


class OpinionForm(forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["project", "contact_point", "received_on", "submitter", "content", "adoption", "response"]
        widgets = {"received_on": _date(), "content": _rows(6), "response": _rows(3)}
        error_messages = {"content": {"required": _("请填写意见内容。")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.opinion_projects(user, include_pk=self.instance.project_id)
        self.fields["contact_point"].queryset = ContactPoint.objects.visible_to(user).select_related("region")


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = PostLegislativeEvaluation
        fields = ["project", "title", "evaluating_unit", "method", "third_party", "started_on", "finished_on",
                  "findings", "recommendation"]
        field_classes = {"evaluating_unit": UnitChoiceField}
        widgets = {"started_on": _date(), "finished_on": _date(), "findings": _rows(6)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.evaluation_projects(user, include_pk=self.instance.project_id)
        self.fields["evaluating_unit"].queryset = writable_units(user)
