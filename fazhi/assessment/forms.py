"""Forms of the staff pages; validation is the models' and the services' (Chinese)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.assessment.models import (
    AssessmentRound,
    Category,
    Demonstration,
    DemonstrationVillage,
    Indicator,
    IndicatorSystem,
)
from fazhi.assessment.services import writable_units
from fazhi.core.access import CHANGE, VIEW
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitChoiceField

POINTS_ERRORS = {"invalid": _("请输入数字。"), "required": _("请填写此项。")}


class SystemForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(label=_("被考核单位类别"), choices=Category.choices,
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("请至少选择一个被考核单位类别。")})

    class Meta:
        model = IndicatorSystem
        fields = ["unit", "title", "year", "categories", "total_points", "description"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class TemplateForm(forms.Form):
    """Copy the demonstration self-assessment template into a new system of one of the office's units."""

    unit = UnitChoiceField(label=_("制定单位"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("适用年度"), min_value=2021, max_value=2100,
                              error_messages={"required": _("请填写适用年度。"), "invalid": _("请输入年份，如2026。"),
                                              "min_value": _("适用年度不能早于2021年（纲要自2021年施行）。"),
                                              "max_value": _("请输入有效的年份。")})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["system", "parent", "name", "points", "position", "method", "figure_key", "rule", "standard"]
        widgets = {"system": forms.HiddenInput, "standard": forms.Textarea(attrs={"rows": 2}),
                   "rule": forms.TextInput(attrs={"placeholder": "比例 / 线性 60-100 / 阶梯 95:100%; 80:60% / 每项扣 2"})}
        help_texts = {"rule": _("比例：达到100%得满分，按比例得分；线性 60-100：60及以下不得分，100及以上满分；"
                                "阶梯 95:100%; 80:60%：达到95得满分，达到80得60%；每项扣 2：每项扣2分，扣完为止。"
                                "比率类数据按百分数计")}

    def __init__(self, *args, user=None, system=None, **kwargs):
        super().__init__(*args, **kwargs)
        system = system or (self.instance.system if self.instance.system_id else None)
        if system is not None:
            self.fields["system"].queryset = IndicatorSystem.objects.filter(pk=system.pk)
            self.fields["system"].initial = system.pk
            parents = system.indicators.filter(level__lt=3, method="")
            if self.instance.pk:
                parents = parents.exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents
        else:
            # The import: any draft system the user may change (the row names it).
            systems = IndicatorSystem.objects.visible_to(user, CHANGE).filter(frozen_on__isnull=True)
            self.fields["system"].queryset = systems
            self.fields["parent"].queryset = Indicator.objects.filter(system__in=systems, level__lt=3, method="")


class RoundForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["unit", "system", "title", "year", "evidence_due_on", "objection_days", "on_portal"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"evidence_due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["system"].queryset = IndicatorSystem.objects.visible_to(user, VIEW)


class ParticipantsForm(forms.Form):
    units = forms.ModelMultipleChoiceField(label=_("被考核单位"), queryset=Unit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("请至少选择一个单位。")})

    def __init__(self, *args, round_=None, user=None, **kwargs):
        from fazhi.assessment.models import CATEGORY_UNIT_TYPES

        super().__init__(*args, **kwargs)
        types = set().union(*(CATEGORY_UNIT_TYPES[Category(c)] for c in round_.system.categories))
        taken = round_.participants.values("unit_id")
        self.fields["units"].queryset = (Unit.objects.visible_to(user).filter(unit_type__in=types, is_active=True)
                                         .exclude(pk__in=taken).exclude(pk=round_.unit_id).order_by("region_id", "name"))


def _points_field(label):
    return forms.DecimalField(label=label, required=False, min_value=Decimal(0), max_digits=6, decimal_places=2,
                              error_messages={"invalid": _("%s应为数字。") % label,
                                              "min_value": _("%s不能为负数。") % label,
                                              "max_decimal_places": _("%s最多保留两位小数。") % label})


class SelfAssessForm(forms.Form):
    self_score = _points_field(_("自评得分"))
    self_note = forms.CharField(label=_("自评说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"), error_messages={"required": _("请选择要上传的文件。")})


class ScoreForm(forms.Form):
    score = _points_field(_("评审得分"))
    deduction_items = forms.IntegerField(label=_("扣分项数"), required=False, min_value=0,
                                         error_messages={"invalid": _("扣分项数应为整数。"),
                                                         "min_value": _("扣分项数不能为负数。")})
    comment = forms.CharField(label=_("评审意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestEvidenceForm(forms.Form):
    comment = forms.CharField(label=_("需补充的材料"), widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("请写明需要补充的材料。")})


class ObjectionForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("异议指标"), queryset=Indicator.objects.none(), required=False,
                                       empty_label=_("（总体）"))
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写异议理由。")})

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        if round_ is not None:
            self.fields["indicator"].queryset = round_.system.indicators.exclude(method="")


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": _("请填写答复意见。")})


class DemonstrationForm(forms.ModelForm):
    class Meta:
        model = Demonstration
        fields = ["kind", "name", "level", "year", "unit", "naming_document", "notes"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class VillageForm(forms.ModelForm):
    class Meta:
        model = DemonstrationVillage
        fields = ["village", "unit", "level", "year", "naming_document"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        from fazhi.core.models import Region
        from fazhi.core.regions import Level

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)
        self.fields["village"].queryset = Region.objects.visible_to(user).filter(level=Level.VILLAGE).order_by("code")
        self.fields["village"].label_from_instance = lambda r: f"{r.name}（{r.code}）"
