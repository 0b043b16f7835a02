"""Filter sets shared by the list page, the API and the export (they take `user=`)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import YES_NO
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.projects.models import Project, ProjectState


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("项目名称"), field_name="title", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("项目年度"), field_name="year", min_value=1949, max_value=2200)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectState.choices, empty_label=_("全部"))
    published = django_filters.ChoiceFilter(label=_("已公开"), choices=YES_NO, empty_label=_("全部"),
                                            method="is_published")
    responsible_unit = UnitPickerFilter(label=_("责任单位"), queryset=Unit.objects.none())

    class Meta:
        model = Project
        fields = ["q", "year", "state", "published", "responsible_unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["responsible_unit"].queryset = Unit.objects.visible_to(user)

    def is_published(self, qs, name, value):
        return qs.filter(published_on__isnull=value != "true")
