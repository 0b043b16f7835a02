"""Filter sets shared by the staff lists, the API and the exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.models import EnforcementField
from fazhi.randominspections.models import (
    EntityKind,
    InspectionEntity,
    InspectionItem,
    InspectionPlan,
    PlanState,
    RiskLevel,
)


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("检查事项"), field_name="name", lookup_expr="contains")
    field = django_filters.ChoiceFilter(label=_("执法领域"), choices=EnforcementField.choices, empty_label=_("全部"))

    class Meta:
        model = InspectionItem
        fields = ["q", "field"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    credit_code = django_filters.CharFilter(label=_("统一社会信用代码"), field_name="credit_code", lookup_expr="iexact")
    risk_level = django_filters.ChoiceFilter(label=_("风险等级"), choices=RiskLevel.choices, empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=EntityKind.choices, empty_label=_("全部"))
    industry = django_filters.CharFilter(label=_("所属行业"), field_name="industry")

    class Meta:
        model = InspectionEntity
        fields = ["q", "credit_code", "risk_level", "kind", "industry"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("计划名称"), field_name="title", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("年度"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=PlanState.choices, empty_label=_("全部"))

    class Meta:
        model = InspectionPlan
        fields = ["q", "year", "state"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
