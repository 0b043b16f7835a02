"""Forms of the staff pages: create a report (unit, year), edit its texts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.widgets import UnitChoiceField
from fazhi.reports import content
from fazhi.reports.models import NARRATIVE_MAX, PRESS_MAX, TITLE_MAX, AnnualReport
from fazhi.reports.services import writable_units


class ReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["unit", "year", "title"]
        field_classes = {"unit": UnitChoiceField}
        help_texts = {"title": _("留空则为“××关于××年度法治政府建设情况的报告”")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class TextsForm(forms.Form):
    """The editable text: title, one narrative block per part, the press release."""

    title = forms.CharField(label=_("报告标题"), max_length=TITLE_MAX, required=False)
    press_release = forms.CharField(label=_("新闻通稿"), max_length=PRESS_MAX, required=False,
                                    widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        for part in content.parts_in_order():
            self.fields[f"part_{part.key}"] = forms.CharField(
                label=part.title, help_text=part.hint, max_length=NARRATIVE_MAX, required=False,
                widget=forms.Textarea(attrs={"rows": 6}))
        if report is not None and not self.is_bound:
            self.initial.update({"title": report.title, "press_release": report.press_release})
            self.initial.update({f"part_{k}": v for k, v in report.narratives.items()})
        # Keep the press release last.
        self.order_fields([f for f in self.fields if f != "press_release"] + ["press_release"])

    def narratives(self) -> dict[str, str]:
        return {p.key: self.cleaned_data.get(f"part_{p.key}", "") for p in content.PARTS}
