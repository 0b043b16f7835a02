"""Forms of the staff pages. Choices come through the access layer; validation is the models' (Chinese)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import (
    WRITERS,
    DiscretionBenchmark,
    EnforcementCase,
    RecordedAct,
    SeverePenalty,
    join_acts,
)
from fazhi.core import access
from fazhi.core.access import CHANGE
from fazhi.enforcement.models import EnforcementBody, EnforcementItem, EnforcementOfficer


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BenchmarkSelect(forms.Select):
    """The benchmark picker: choosing one shows its range, circumstance, citation and first-offence flag
    below it without a page reload (htmx GET of cases:benchmark_range); the server still checks the fine."""

    template_name = "cases/widgets/benchmark_select.html"

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        attrs = {**(attrs or {}), "hx-get": reverse("cases:benchmark_range"), "hx-trigger": "change",
                 "hx-target": "#benchmark-range", "hx-swap": "innerHTML", "aria-controls": "benchmark-range"}
        context = super().get_context(name, value, attrs)
        benchmark = None
        if value not in (None, ""):
            benchmark = self.choices.queryset.filter(pk=value).first() if hasattr(self.choices, "queryset") else None
        context["benchmark"] = benchmark
        return context


class CaseForm(forms.ModelForm):
    officer_choices = forms.ModelMultipleChoiceField(
        label=_("承办执法人员"), queryset=EnforcementOfficer.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择承办执法人员（不得少于两人，行政处罚法第四十二条）。"),
                        "invalid_choice": _("所选执法人员不存在或不可选。")},
        help_text=_("须持有立案日期有效的执法证"))
    recorded_choices = forms.MultipleChoiceField(
        label=_("须音像记录的执法环节"), choices=RecordedAct.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("勾选的环节须上传音像记录后才能告知（行政处罚法第四十七条）"))
    severe_choices = forms.MultipleChoiceField(
        label=_("拟作出的其他较重处罚"), choices=SeverePenalty.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("属于行政处罚法第六十三条所列情形的，告知时自动告知听证权利；"
                                    "罚款、没收金额达到本地“较大数额”标准的亦同"))

    class Meta:
        model = EnforcementCase
        fields = ["body", "number", "item", "act_type", "party_kind", "party_name", "party_id_number",
                  "party_credit_code", "cause", "facts", "major", "benchmark", "fine_amount",
                  "deviation_reason", "confiscation_value", "other_penalties", "outcome", "decision_reasons",
                  "remedies_notified", "measure_kind", "inspection_origin", "reviewer", "registered_on"]
        widgets = {"registered_on": _date(), "facts": forms.Textarea(attrs={"rows": 4}),
                   "deviation_reason": forms.Textarea(attrs={"rows": 2}),
                   "decision_reasons": forms.Textarea(attrs={"rows": 2}), "benchmark": BenchmarkSelect}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = access.writable_units(user, WRITERS)
        self.fields["body"].queryset = EnforcementBody.objects.visible_to(user).filter(
            unit__in=units, active=True).select_related("unit")
        self.fields["item"].queryset = EnforcementItem.objects.visible_to(user).filter(
            item_type__in=["penalty", "licensing", "coercion", "inspection"])
        officers = EnforcementOfficer.objects.visible_to(user).select_related("body__unit")
        self.fields["officer_choices"].queryset = officers
        self.fields["reviewer"].queryset = officers.filter(legal_qualification=True)
        self.fields["benchmark"].queryset = DiscretionBenchmark.objects.visible_to(user).select_related("item")
        self.order_fields(["body", "number", "item", "act_type", "officer_choices"])
        if self.instance.pk:
            self.fields["body"].disabled = True
            self.initial.setdefault("officer_choices", list(self.instance.officers.all()))
            self.initial.setdefault("recorded_choices", self.instance.recorded_act_list)
            self.initial.setdefault("severe_choices", self.instance.severe_penalty_list)

    def _post_clean(self):
        self.instance.recorded_acts = join_acts(self.cleaned_data.get("recorded_choices") or [])
        chosen = set(self.cleaned_data.get("severe_choices") or [])
        ordered = [v for v in SeverePenalty.values if v in chosen]
        self.instance.severe_penalties = f",{','.join(ordered)}," if ordered else ""
        super()._post_clean()


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=365,
                              error_messages={"required": _("请填写延长天数。"), "min_value": _("延长天数须为正整数。")})
    basis = forms.CharField(label=_("延长依据"), max_length=200,
                            error_messages={"required": _("请填写延长决定期限的依据（批准文件或法律、法规、规章条款）。")})


class FollowUpForm(forms.Form):
    number = forms.CharField(label=_("新案件编号"), max_length=60,
                             error_messages={"required": _("请填写新案件的案件编号。")})
    registered_on = forms.DateField(label=_("立案日期"), widget=_date(),
                                    error_messages={"required": _("请填写立案日期。"),
                                                    "invalid": _("立案日期不是有效日期。")})


class BenchmarkForm(forms.ModelForm):
    class Meta:
        model = DiscretionBenchmark
        fields = ["item", "circumstance", "min_fine", "max_fine", "citation", "lenient", "valid_from"]
        widgets = {"valid_from": _date()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = EnforcementItem.objects.visible_to(user, CHANGE).filter(item_type="penalty")
