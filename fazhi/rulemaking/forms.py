from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.widgets import UnitChoiceField
from fazhi.rulemaking.models import DeliberationOutcome, DraftingBody, NormativeDocument, ReviewOutcome
from fazhi.rulemaking.services import writable_units


class DocumentForm(forms.ModelForm):
    class Meta:
        model = NormativeDocument
        fields = ["title", "drafting_body", "leading_unit", "document_number", "registration_number",
                  "market_related", "text", "drafting_explanation", "legal_bases", "validity_years",
                  "published_on", "effective_on", "early_effect_reason", "amends"]
        field_classes = {"leading_unit": UnitChoiceField}
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafting_body"].queryset = (
            DraftingBody.objects.visible_to(user).filter(confirmed=True).select_related("unit"))
        self.fields["leading_unit"].queryset = writable_units(user)
        self.fields["amends"].queryset = NormativeDocument.objects.visible_to(user).exclude(published_on=None)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审核意见"), choices=ReviewOutcome.choices)
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea, required=False)
    fair_competition_checked = forms.BooleanField(label=_("已进行公平竞争审查"), required=False)


class DeliberationForm(forms.Form):
    meeting = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("审议结果"), choices=DeliberationOutcome.choices)
    notes = forms.CharField(label=_("备注"), widget=forms.Textarea, required=False)
