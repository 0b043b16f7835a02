"""The filter set of the report list (pages, API and Excel export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.reports.models import AnnualReport, ReportState


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("报告单位"), field_name="unit__name", lookup_expr="contains")
    year = django_filters.NumberFilter(label=_("报告年度"), field_name="year", min_value=1949, max_value=2200)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ReportState.choices, empty_label=_("全部"))
    unit = UnitPickerFilter(label=_("报告单位"), queryset=Unit.objects.none())

    class Meta:
        model = AnnualReport
        fields = ["q", "year", "state", "unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user) if user is not None else Unit.objects.none()
