"""Forms for the organisation tree. The import kinds bind spreadsheet rows to these same forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import (
    CHANGE,
    DEFAULT_SCOPE,
    Role,
    Scope,
    is_unrestricted,
    roles_of,
    writable_regions_q,
)
from fazhi.core.models import Region, Unit, User
from fazhi.core.widgets import UnitChoiceField


def writable_regions(user, model):
    """Regions where the user may place records of `model`."""
    if user is None:
        return Region.objects.none()
    q = writable_regions_q(user, model)
    return Region.objects.all() if q is None else Region.objects.filter(q)


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Region.objects.visible_to(user, CHANGE) if user else Region.objects.none()
        if self.instance and not self.instance._state.adding:
            self.fields["code"].disabled = True  # the code is the key; a changed code is a new region

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip()
        if not code.isdigit():
            raise forms.ValidationError(gettext("区划代码只能由数字组成。"))
        return code


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "unit_type", "region", "parent", "credit_code", "is_active"]
        field_classes = {"parent": UnitChoiceField}  # a search box, not a <select> of every unit

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only places the user may change: their region subtree and units they manage.
        self.fields["region"].queryset = writable_regions(user, Unit)
        self.fields["parent"].queryset = Unit.objects.visible_to(user, CHANGE) if user else Unit.objects.none()
        self.fields["region"].widget = forms.TextInput(attrs={"placeholder": "990102"})
        self.fields["region"].to_field_name = "code"
        self.fields["region"].help_text = _("填写区划代码")

    def clean_credit_code(self) -> str | None:
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        return code or None


def grantable_roles(user) -> list[tuple[str, str]]:
    """Roles the user may hand out: administrators grant any; coordinators any but administrator."""
    if is_unrestricted(user) or Role.ADMIN in roles_of(user):
        return list(Role.choices)
    if Role.COORDINATOR in roles_of(user):
        return [(value, label) for value, label in Role.choices if value != Role.ADMIN]
    return []


class StaffForm(forms.ModelForm):
    """Create or edit a staff user with one role (more roles are added on the user's page)."""

    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    scope = forms.ChoiceField(label=_("范围"), choices=[("", _("按角色默认"))] + list(Scope.choices), required=False)
    password = forms.CharField(label=_("初始密码"), required=False, widget=forms.PasswordInput(render_value=False),
                               help_text=_("新建时必填；编辑时留空表示不修改"))

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "phone", "is_active"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = True
        self.fields["unit"].queryset = Unit.objects.visible_to(user, CHANGE) if user else Unit.objects.none()
        self.fields["role"].choices = grantable_roles(user)
        self.fields["full_name"].required = True
        if self.instance.pk:
            first = self.instance.roles.first()
            if first:
                self.initial.setdefault("role", first.role)
                self.initial.setdefault("scope", first.scope)
            self.fields["role"].required = False

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if not self.instance.pk and not password:
            raise forms.ValidationError(gettext("新建工作人员必须设置初始密码。"))
        if password:
            validate_password(password, self.instance)
        return password

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.ADMIN and data.get("scope") == Scope.UNIT:
            self.add_error("scope", gettext("系统管理员的范围不能只是本单位。"))
        if role and not data.get("scope"):
            data["scope"] = DEFAULT_SCOPE[Role(role)]
        return data


class RoleForm(forms.Form):
    """Grant one more role to a staff user, in a unit the granting user manages."""

    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    scope = forms.ChoiceField(label=_("范围"), choices=[("", _("按角色默认"))] + list(Scope.choices), required=False)
    unit = UnitChoiceField(label=_("所在单位"), queryset=Unit.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user, CHANGE) if user else Unit.objects.none()
        self.fields["role"].choices = grantable_roles(user)
