"""One filter set per model, shared by the list pages, the API and the exports.

Filter sets whose choices depend on the user take `user=` (the lists bind it, see views._bound).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import region_subtree_filter, yes_no_filter
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.legislation.models import (
    Adoption,
    ContactPoint,
    EvaluationMethod,
    HostType,
    LawKind,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PointKind,
    PostLegislativeEvaluation,
    ProjectCategory,
    ProjectStatus,
    Recommendation,
)


def _year(label, field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label=label, field_name=field_name, min_value=1949, max_value=2200)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("计划名称"), field_name="title", lookup_expr="contains")
    year = _year(_("计划年度"), "year")
    kind = django_filters.ChoiceFilter(label=_("计划类别"), choices=LawKind.choices, empty_label=_("全部"))

    class Meta:
        model = LegislativePlan
        fields = ["q", "year", "kind"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("项目名称"), field_name="title", lookup_expr="contains")
    year = _year(_("计划年度"), "plan__year")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectStatus.choices, empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("项目类别"), choices=ProjectCategory.choices,
                                           empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(label=_("立法形式"), choices=LawKind.choices, empty_label=_("全部"))
    responsible_unit = UnitPickerFilter(label=_("负责单位"), queryset=Unit.objects.none())
    plan = django_filters.ModelChoiceFilter(label=_("立法计划"), queryset=LegislativePlan.objects.none(),
                                            empty_label=_("全部"))

    class Meta:
        model = LegislativeProject
        fields = ["q", "year", "status", "category", "kind", "responsible_unit", "plan"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["responsible_unit"].queryset = Unit.objects.visible_to(user)
            self.filters["plan"].queryset = LegislativePlan.objects.visible_to(user)


class PointFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或地址"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=PointKind.choices, empty_label=_("全部"))
    host_type = django_filters.ChoiceFilter(label=_("设立类型"), choices=HostType.choices, empty_label=_("全部"))
    active = yes_no_filter(_("在用"))
    region = region_subtree_filter(_("所在区划代码"), "region__code")

    class Meta:
        model = ContactPoint
        fields = ["q", "kind", "host_type", "active", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(address__contains=value))


class OpinionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("意见内容"), field_name="content", lookup_expr="contains")
    project = django_filters.ModelChoiceFilter(label=_("立法项目"), queryset=LegislativeProject.objects.none(),
                                               empty_label=_("全部"))
    contact_point = django_filters.ModelChoiceFilter(label=_("收集点"), queryset=ContactPoint.objects.none(),
                                                     empty_label=_("全部"))
    adoption = django_filters.ChoiceFilter(label=_("采纳情况"), choices=Adoption.choices, empty_label=_("全部"))
    year = _year(_("收集年度"), "received_on__year")

    class Meta:
        model = Opinion
        fields = ["q", "project", "contact_point", "adoption", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # Only the drafts the user has opinions on: a filter lists no project the user cannot see.
            self.filters["project"].queryset = LegislativeProject.objects.filter(
                pk__in=Opinion.objects.visible_to(user).values("project")).order_by("-plan__year", "pk")
            self.filters["contact_point"].queryset = ContactPoint.objects.visible_to(user)


class EvaluationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("被评估的法规规章"), field_name="title", lookup_expr="contains")
    method = django_filters.ChoiceFilter(label=_("评估方式"), choices=EvaluationMethod.choices,
                                         empty_label=_("全部"))
    recommendation = django_filters.ChoiceFilter(label=_("评估建议"), choices=Recommendation.choices,
                                                 empty_label=_("全部"))
    year = _year(_("完成年度"), "finished_on__year")

    class Meta:
        model = PostLegislativeEvaluation
        fields = ["q", "method", "recommendation", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
