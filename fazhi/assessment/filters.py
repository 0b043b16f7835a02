"""Filter sets shared by the list pages, the API and the exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.assessment.models import (
    AssessmentRound,
    Category,
    Demonstration,
    DemonstrationKind,
    DemonstrationVillage,
    IndicatorSystem,
    NamingLevel,
    Participant,
    RoundState,
)


class SystemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("指标体系名称"), field_name="title", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("适用年度"), field_name="year", min_value=2000, max_value=2200)
    frozen = django_filters.BooleanFilter(label=_("已冻结"), field_name="frozen_on", lookup_expr="isnull",
                                          exclude=True)

    class Meta:
        model = IndicatorSystem
        fields = ["q", "year", "frozen"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RoundFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("考核名称"), field_name="title", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("考核年度"), field_name="year", min_value=2000, max_value=2200)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=RoundState.choices, empty_label=_("全部"))

    class Meta:
        model = AssessmentRound
        fields = ["q", "year", "state"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class SheetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("被考核单位"), field_name="unit__name", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("考核年度"), field_name="round__year", min_value=2000, max_value=2200)
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices, empty_label=_("全部"))

    class Meta:
        model = Participant
        fields = ["q", "year", "category"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class DemonstrationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("示范名称"), field_name="name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=DemonstrationKind.choices, empty_label=_("全部"))
    level = django_filters.ChoiceFilter(label=_("命名级别"), choices=NamingLevel.choices, empty_label=_("全部"))
    year = django_filters.NumberFilter(label=_("命名年度"), field_name="year", min_value=2000, max_value=2200)

    class Meta:
        model = Demonstration
        fields = ["q", "kind", "level", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class VillageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("村（社区）"), field_name="village__name", lookup_expr="contains")
    level = django_filters.ChoiceFilter(label=_("命名级别"), choices=NamingLevel.choices, empty_label=_("全部"))
    year = django_filters.NumberFilter(label=_("命名年度"), field_name="year", min_value=2000, max_value=2200)

    class Meta:
        model = DemonstrationVillage
        fields = ["q", "level", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
