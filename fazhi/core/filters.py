"""One filter set per model, shared by the list pages, the API and the exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core import regions
from fazhi.core.access import Role
from fazhi.core.models import Region, Unit, UnitType, User

YES_NO = [("true", _("是")), ("false", _("否"))]


def _filter_yes_no(qs, name, value):
    return qs.filter(**{name: value == "true"})


def yes_no_filter(label) -> django_filters.ChoiceFilter:
    """A boolean filter offered as 全部 / 是 / 否 (django-filter's own widget speaks English)."""
    return django_filters.ChoiceFilter(label=label, choices=YES_NO, empty_label=_("全部"), method=_filter_yes_no)


def region_subtree_filter(label, code_field: str) -> django_filters.CharFilter:
    """Records whose region (reached by `code_field`, e.g. "unit__region__code") lies in a region subtree."""

    def method(qs, name, value):
        level = regions.level_of(value.strip())
        if not level:
            return qs.none()
        return qs.filter(**{f"{code_field}__startswith": regions.prefix_of(value.strip(), level)})

    return django_filters.CharFilter(label=label, method=method)


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或代码"), method="search")
    level = django_filters.ChoiceFilter(label=_("级别"), choices=regions.Level.choices)
    within = region_subtree_filter(_("所属区划代码"), "code")

    class Meta:
        model = Region
        fields = ["q", "level", "within"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(code__startswith=value))



class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或信用代码"), method="search")
    unit_type = django_filters.ChoiceFilter(label=_("单位类型"), choices=UnitType.choices)
    region = region_subtree_filter(_("所属区划代码"), "region__code")
    is_active = yes_no_filter(_("有效"))

    class Meta:
        model = Unit
        fields = ["q", "unit_type", "region", "is_active"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(short_name__contains=value) | Q(credit_code=value.upper()))


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名或用户名"), method="search")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices, method="filter_role")
    region = region_subtree_filter(_("所属区划代码"), "unit__region__code")
    is_active = yes_no_filter(_("启用"))

    class Meta:
        model = User
        fields = ["q", "role", "region", "is_active"]

    def search(self, qs, name, value):
        return qs.filter(Q(full_name__contains=value) | Q(username__contains=value))

    def filter_role(self, qs, name, value):
        return qs.filter(roles__role=value).distinct()
