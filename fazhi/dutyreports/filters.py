"""Filter sets shared by the list pages, the API and the exports (they take `user=`)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.dutyreports.models import DutyReport, DutyReportSchedule, Mode, ReportState


def _year(label, field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label=label, field_name=field_name, min_value=1949, max_value=2200)


class ScheduleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="title", lookup_expr="contains")
    year = _year(_("述法年度"), "year")

    class Meta:
        model = DutyReportSchedule
        fields = ["q", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("述法人或职务"), method="search")
    year = _year(_("述法年度"), "schedule__year")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ReportState.choices, empty_label=_("全部"))
    mode = django_filters.ChoiceFilter(label=_("述法方式"), choices=Mode.choices, empty_label=_("全部"))
    leader_unit = UnitPickerFilter(label=_("述法人所在单位"), queryset=Unit.objects.none())
    schedule = django_filters.ModelChoiceFilter(label=_("年度述法安排"), queryset=DutyReportSchedule.objects.none(),
                                                empty_label=_("全部"))

    class Meta:
        model = DutyReport
        fields = ["q", "year", "state", "mode", "leader_unit", "schedule"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["leader_unit"].queryset = Unit.objects.visible_to(user)
            self.filters["schedule"].queryset = DutyReportSchedule.objects.visible_to(user)

    def search(self, qs, name, value):
        return qs.filter(Q(leader_name__contains=value) | Q(leader_post__contains=value))
