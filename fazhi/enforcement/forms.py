"""Forms of the staff pages, also used row by row by the import kinds (imports.py).

Choices come through the access layer; validation is the models' (Chinese).
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW
from fazhi.core.widgets import UnitChoiceField
from fazhi.enforcement import services
from fazhi.enforcement.models import (
    Empowerment,
    EnforcementBody,
    EnforcementField,
    EnforcementItem,
    EnforcementOfficer,
    ItemStatus,
    TownshipTeam,
    join_fields,
)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class BodyForm(forms.ModelForm):
    field_choices = forms.MultipleChoiceField(
        label=_("执法领域"), choices=EnforcementField.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个执法领域。"),
                        "invalid_choice": _("“%(value)s”不是允许的执法领域。")})

    class Meta:
        model = EnforcementBody
        fields = ["unit", "kind", "legal_basis", "entrusting_body", "entrustment_document", "entrusted_on",
                  "published_on", "active", "notes"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {"legal_basis": _rows(4), "notes": _rows(3), "entrusted_on": _date(), "published_on": _date()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = services.writable_units(user)
        self.fields["entrusting_body"].queryset = (EnforcementBody.objects.visible_to(user)
                                                   .exclude(pk=self.instance.pk).select_related("unit"))
        self.order_fields(["unit", "kind", "field_choices", "legal_basis"])
        if self.instance.pk:
            self.initial.setdefault("field_choices", self.instance.field_list)

    def _post_clean(self):
        # The model stores the fields as one text column; set it before the model validates.
        self.instance.enforcement_fields = join_fields(self.cleaned_data.get("field_choices") or [])
        super()._post_clean()


class OfficerForm(forms.ModelForm):
    class Meta:
        model = EnforcementOfficer
        fields = ["name", "id_number", "body", "certificate_number", "field", "issued_on", "expires_on",
                  "legal_qualification", "status", "team"]
        widgets = {"issued_on": _date(), "expires_on": _date()}
        error_messages = {
            "name": {"required": _("请填写姓名。")},
            "id_number": {"required": _("请填写身份证号。")},
            "body": {"required": _("请选择执法主体。"),
                     "invalid_choice": _("执法主体不存在，或您无权管理该主体的执法人员。")},
            "certificate_number": {"required": _("请填写执法证号。")},
            "field": {"required": _("请选择执法领域。")},
            "issued_on": {"required": _("请填写发证日期。"), "invalid": _("发证日期不是有效日期。")},
            "expires_on": {"required": _("请填写有效期至。"), "invalid": _("有效期至不是有效日期。")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Q(pk__in=services.keeper_bodies(user).values("pk"))
        if self.instance.body_id:
            bodies |= Q(pk=self.instance.body_id)
        self.fields["body"].queryset = EnforcementBody.objects.filter(bodies).select_related("unit")
        self.fields["team"].queryset = TownshipTeam.objects.visible_to(user, VIEW)


class ItemForm(forms.ModelForm):
    class Meta:
        model = EnforcementItem
        fields = ["code", "name", "item_type", "field", "body", "legal_basis", "empowered_to_townships", "status",
                  "cancelled_on", "cancellation_document"]
        widgets = {"legal_basis": _rows(4), "cancelled_on": _date()}
        error_messages = {
            "code": {"required": _("请填写事项编码。")},
            "name": {"required": _("请填写事项名称。")},
            "item_type": {"required": _("请选择事项类型。")},
            "field": {"required": _("请选择执法领域。")},
            "body": {"required": _("请选择执法主体。"),
                     "invalid_choice": _("执法主体不存在，或您无权管理该主体的执法事项。")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Q(pk__in=services.keeper_bodies(user).values("pk"))
        if self.instance.body_id:
            bodies |= Q(pk=self.instance.body_id)
        self.fields["body"].queryset = EnforcementBody.objects.filter(bodies).select_related("unit")
        self.fields["status"].initial = ItemStatus.ACTIVE


class TeamForm(forms.ModelForm):
    class Meta:
        model = TownshipTeam
        fields = ["township", "name", "posts", "established_on", "notes"]
        field_classes = {"township": UnitChoiceField}
        widgets = {"established_on": _date(), "notes": _rows(3)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = services.writable_townships(user)


class EmpowermentForm(forms.ModelForm):
    items = forms.ModelMultipleChoiceField(
        label=_("赋权事项"), queryset=EnforcementItem.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("本县（区）人民政府部门标为“赋权乡镇”的有效执法事项"),
        error_messages={"required": _("请选择赋权事项。"),
                        "invalid_choice": _("所选事项不存在，或不是可以赋权的事项。"),
                        "invalid_pk_value": _("所选事项不存在。")})

    class Meta:
        model = Empowerment
        fields = ["township", "document_number", "title", "decided_on"]
        field_classes = {"township": UnitChoiceField}
        widgets = {"decided_on": _date()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = services.writable_townships(user)
        self.fields["items"].queryset = (EnforcementItem.objects.visible_to(user)
                                         .filter(empowered_to_townships=True, status=ItemStatus.ACTIVE)
                                         .select_related("body__unit"))
        if self.instance.pk:
            self.initial.setdefault("items", list(self.instance.items.values_list("pk", flat=True)))
