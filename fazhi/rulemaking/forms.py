from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.widgets import UnitChoiceField
from fazhi.rulemaking import rules
from fazhi.rulemaking.docx_text import read_docx
from fazhi.rulemaking.models import (
    Adoption,
    CleanupCampaign,
    CleanupDecision,
    CommentStatus,
    DeliberationOutcome,
    DraftingBody,
    EvaluationConclusion,
    NormativeDocument,
    ReviewOutcome,
)
from fazhi.rulemaking.services import writable_units

DATE = {"type": "date"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class DocumentForm(forms.ModelForm):
    docx = forms.FileField(label=_("上传Word正文（.docx）"), required=False,
                           help_text=_("上传后按文档内容替换正文（逐段读取，并识别“第X条”）"))

    class Meta:
        model = NormativeDocument
        fields = ["title", "drafting_body", "leading_unit", "document_number", "registration_number",
                  "market_related", "topic", "text", "docx", "drafting_explanation", "legal_bases",
                  "comment_summary", "validity_years", "published_on", "effective_on", "early_effect_reason",
                  "amends"]
        field_classes = {"leading_unit": UnitChoiceField}
        widgets = {"published_on": _date_widget(), "effective_on": _date_widget()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafting_body"].queryset = (
            DraftingBody.objects.visible_to(user).filter(confirmed=True).select_related("unit"))
        self.fields["leading_unit"].queryset = writable_units(user)
        self.fields["amends"].queryset = NormativeDocument.objects.visible_to(user).exclude(published_on=None)
        self.fields["docx"].widget.attrs["accept"] = ".docx"

    def clean_docx(self):
        upload = self.cleaned_data.get("docx")
        if upload:
            self.docx_text = read_docx(upload)  # ValidationError (Chinese) lands on this field
        return upload

    def clean(self):
        cleaned = super().clean()
        parsed = getattr(self, "docx_text", None)
        if parsed is not None:
            cleaned["text"] = parsed.text  # the instance is built from cleaned_data after clean()
        return cleaned


def fair_competition_choices() -> list[tuple[str, str]]:
    return [(key, f"{article}：{text}") for key, article, text in rules.FAIR_COMPETITION_ITEMS]


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审核意见"), choices=ReviewOutcome.choices)
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea, required=False, max_length=5000)
    fair_competition_checked = forms.BooleanField(label=_("已进行公平竞争审查"), required=False)
    fair_competition_findings = forms.MultipleChoiceField(
        label=_("公平竞争审查发现的问题（公平竞争审查条例第八条至第十一条）"), required=False,
        choices=fair_competition_choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选草案含有的内容；未勾选表示经审查未发现"))
    fair_competition_exception = forms.CharField(
        label=_("适用例外情形的理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
        help_text=_("公平竞争审查条例第十二条：例外情形、无替代方案及实施期限"))
    reviewed_on = forms.DateField(label=_("审核日期"), required=False, widget=_date_widget(),
                                  help_text=_("留空为今天"))


class DeliberationForm(forms.Form):
    meeting = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs=DATE))
    outcome = forms.ChoiceField(label=_("审议结果"), choices=DeliberationOutcome.choices)
    notes = forms.CharField(label=_("备注"), widget=forms.Textarea, required=False)


class EvaluationForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("评估结论"), choices=EvaluationConclusion.choices)
    findings = forms.CharField(label=_("评估意见"), widget=forms.Textarea, max_length=5000)
    evaluated_on = forms.DateField(label=_("评估日期"), required=False, widget=_date_widget(),
                                   help_text=_("留空为今天"))


class ModerationForm(forms.Form):
    status = forms.ChoiceField(label=_("审核状态"), choices=CommentStatus.choices)
    moderation_note = forms.CharField(label=_("审核说明"), max_length=200, required=False,
                                      help_text=_("不予公开的须说明理由"))
    adoption = forms.ChoiceField(label=_("采纳情况"), choices=[("", _("尚未决定"))] + Adoption.choices,
                                 required=False)
    response = forms.CharField(label=_("答复或不采纳理由"), widget=forms.Textarea, required=False, max_length=2000)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = CleanupCampaign
        fields = ["title", "unit", "scope", "basis", "started_on"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"started_on": _date_widget()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fazhi.core.access import CHANGE
        from fazhi.core.models import Unit

        self.fields["unit"].queryset = Unit.objects.visible_to(user, CHANGE)


class SelectionForm(forms.Form):
    """Which documents to put in a cleanup: by issuer, publication date and topic."""

    issuers = forms.ModelMultipleChoiceField(label=_("制定主体"), queryset=DraftingBody.objects.none(), required=False,
                                             help_text=_("不选为全部"))
    published_from = forms.DateField(label=_("公布日期自"), required=False, widget=_date_widget())
    published_to = forms.DateField(label=_("公布日期至"), required=False, widget=_date_widget())
    topic = forms.CharField(label=_("主题或标题关键词"), max_length=50, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuers"].queryset = DraftingBody.objects.visible_to(user).select_related("unit")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", _("结束日期不能早于开始日期。"))
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("清理结果"), choices=CleanupDecision.choices)
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False)


class PublishCampaignForm(forms.Form):
    published_on = forms.DateField(label=_("结果公布日期"), required=False, widget=_date_widget(),
                                   help_text=_("留空为今天"))


class DraftingBodyForm(forms.ModelForm):
    class Meta:
        model = DraftingBody
        fields = ["unit", "confirmed", "confirmed_on", "basis_document"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"confirmed_on": _date_widget()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fazhi.core.access import CHANGE
        from fazhi.core.models import Unit

        self.fields["unit"].queryset = Unit.objects.visible_to(user, CHANGE)
