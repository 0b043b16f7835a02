"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import WRITERS, DiscretionBenchmark, EnforcementCase, RecordedAct, join_acts
from fazhi.core import access
from fazhi.core.access import CHANGE
from fazhi.enforcement.models import EnforcementBody, EnforcementItem, EnforcementOfficer


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(forms.ModelForm):
    officer_choices = forms.ModelMultipleChoiceField(
        label=_("承办执法人员"), queryset=EnforcementOfficer.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择承办执法人员（不得少于两人，行政处罚法第四十二条）。"),
                        "invalid_choice": _("所选执法人员不存在或不可选。")},
        help_text=_("须持有立案日期有效的执法证"))
    recorded_choices = forms.MultipleChoiceField(
        label=_("须音像记录的执法环节"), choices=RecordedAct.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("勾选的环节须上传音像记录后才能告知（行政处罚法第四十七条）"))

    class Meta:
        model = EnforcementCase
        fields = ["body", "number", "item", "act_type", "party_kind", "party_name", "party_id_number",
                  "party_credit_code", "cause", "facts", "major", "hearing_right", "benchmark", "fine_amount",
                  "deviation_reason", "other_penalties", "outcome", "reviewer", "registered_on"]
        widgets = {"registered_on": _date(), "facts": forms.Textarea(attrs={"rows": 4}),
                   "deviation_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = access.writable_units(user, WRITERS)
        self.fields["body"].queryset = EnforcementBody.objects.visible_to(user).filter(
            unit__in=units, active=True).select_related("unit")
        self.fields["item"].queryset = EnforcementItem.objects.visible_to(user).filter(item_type="penalty")
        officers = EnforcementOfficer.objects.visible_to(user).select_related("body__unit")
        self.fields["officer_choices"].queryset = officers
        self.fields["reviewer"].queryset = officers.filter(legal_qualification=True)
        self.fields["benchmark"].queryset = DiscretionBenchmark.objects.visible_to(user).select_related("item")
        self.order_fields(["body", "number", "item", "act_type", "officer_choices"])
        if self.instance.pk:
            self.fields["body"].disabled = True
            self.initial.setdefault("officer_choices", list(self.instance.officers.all()))
            self.initial.setdefault("recorded_choices", self.instance.recorded_act_list)

    def _post_clean(self):
        self.instance.recorded_acts = join_acts(self.cleaned_data.get("recorded_choices") or [])
        super()._post_clean()


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=365,
                              error_messages={"required": _("请填写延长天数。"), "min_value": _("延长天数须为正整数。")})
    basis = forms.CharField(label=_("延长依据"), max_length=200,
                            error_messages={"required": _("请填写延长决定期限的依据（批准文件或法律、法规、规章条款）。")})


class BenchmarkForm(forms.ModelForm):
    class Meta:
        model = DiscretionBenchmark
        fields = ["item", "circumstance", "min_fine", "max_fine", "citation", "lenient", "valid_from"]
        widgets = {"valid_from": _date()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = EnforcementItem.objects.visible_to(user, CHANGE).filter(item_type="penalty")
