"""Forms of the staff pages (also used row by row by the import kind). Validation is the services'."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement import services as enforcement
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer
from fazhi.randominspections.models import InspectionEntity, InspectionItem, InspectionPlan, Outcome


def _keeper_bodies(user) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("执法主体"), queryset=enforcement.keeper_bodies(user).select_related("unit"),
                                  error_messages={"required": _("请选择执法主体。"),
                                                  "invalid_choice": _("所选执法主体不存在或您无权管理。")})


class ItemForm(forms.ModelForm):
    class Meta:
        model = InspectionItem
        fields = ["body", "code", "name", "field", "legal_basis", "active"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _keeper_bodies(user)


class EntityForm(forms.ModelForm):
    class Meta:
        model = InspectionEntity
        fields = ["body", "credit_code", "name", "kind", "industry", "risk_level", "address", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _keeper_bodies(user)


class PlanForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["body", "title", "year", "items", "scope_industry", "ratio_high_bp", "ratio_medium_bp",
                  "ratio_low_bp", "inspectors_per_entity"]
        widgets = {"items": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _keeper_bodies(user)
        # Active items, plus those an edited plan already lists (an item deactivated since stays selectable).
        active = Q(active=True) | Q(pk__in=self.instance.items.all()) if self.instance.pk else Q(active=True)
        self.fields["items"].queryset = InspectionItem.objects.visible_to(user).filter(active)
        self.fields["items"].error_messages["required"] = _("请至少选择一个检查事项。")


class RelationForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("执法人员"), queryset=EnforcementOfficer.objects.none())
    entity = forms.ModelChoiceField(label=_("检查对象"), queryset=InspectionEntity.objects.none())
    reason = forms.CharField(label=_("关系说明"), max_length=200)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = EnforcementOfficer.objects.filter(body_id=plan.body_id)
        self.fields["entity"].queryset = InspectionEntity.objects.filter(body_id=plan.body_id, active=True)


class ResultForm(forms.Form):
    inspected_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"required": _("请填写检查日期。"),
                                                   "invalid": _("检查日期无效（应为YYYY-MM-DD）。")})
    outcome = forms.ChoiceField(label=_("检查结果"), choices=Outcome.choices,
                                error_messages={"required": _("请选择检查结果。")})
    problems = forms.CharField(label=_("发现的问题"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    handling = forms.CharField(label=_("处理情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


__all__ = ["EnforcementBody", "EntityForm", "ItemForm", "PlanForm", "RelationForm", "ResultForm"]
