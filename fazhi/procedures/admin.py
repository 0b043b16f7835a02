from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.admin import AuditedAdmin, ReadOnlyAdmin
from fazhi.procedures.engine import declared_limits
from fazhi.procedures.models import Deadline, TimeLimitRule, TransitionLog


class TimeLimitRuleForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("期限"))

    class Meta:
        model = TimeLimitRule
        fields = ["key", "region", "label", "n", "day_unit", "basis", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:  # read-only on existing rows
            self.fields["key"].choices = sorted(
                ((k, f"{lim.label}（{k}，默认{lim.time_limit.label()}，{lim.basis}）")
                 for k, lim in declared_limits().items()),
                key=lambda c: c[1])
        if "label" in self.fields:
            self.fields["label"].required = False

    def clean(self):
        data = super().clean()
        # Default rows follow the declarations (`fazhi procedures sync`); administrators add regional rows.
        if self.instance._state.adding and not data.get("region"):
            self.add_error("region", gettext("请选择适用区划：默认规则由程序声明同步，此处只能新增地方规则。"))
        return data


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(AuditedAdmin):
    form = TimeLimitRuleForm
    list_display = ["label", "key", "region", "n", "day_unit", "basis", "updated_at"]
    list_filter = ["day_unit", "key"]
    search_fields = ["key", "label", "basis", "region__name", "region__code"]
    list_select_related = ["region"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.region_id is None:
            return ["key", "region", "n", "day_unit", "basis"]
        if obj is not None:
            return ["key"]
        return []


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    """Deadlines are started and stopped by transitions only."""

    list_display = ["record_repr", "label", "unit", "started_on", "due_on", "stopped_on"]
    list_filter = ["key"]
    search_fields = ["record_repr", "label"]
    list_select_related = ["unit"]


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "transition_label", "from_label", "to_label", "actor_label", "unit"]
    list_select_related = ["unit"]
