"""Filter sets shared by the list pages, the API and the exports (they take `user=`)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import YES_NO
from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.meetings.models import Decision, Meeting, MeetingKind, MeetingState, Topic


def _year(label, field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label=label, field_name=field_name, min_value=1949, max_value=2200)


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("会议名称或议题"), method="search")
    kind = django_filters.ChoiceFilter(label=_("会议类别"), choices=MeetingKind.choices, empty_label=_("全部"))
    year = _year(_("会议年度"), "held_on__year")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=MeetingState.choices, empty_label=_("全部"))
    rule_of_law = django_filters.ChoiceFilter(label=_("审议法治议题"), choices=YES_NO, empty_label=_("全部"),
                                              method="with_rule_of_law")
    unit = UnitPickerFilter(label=_("召集单位"), queryset=Unit.objects.none())

    class Meta:
        model = Meeting
        fields = ["q", "kind", "year", "state", "rule_of_law", "unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def search(self, qs, name, value):
        return qs.filter(Q(title__contains=value) | Q(pk__in=Topic.objects.filter(
            title__contains=value).values("meeting")))

    def with_rule_of_law(self, qs, name, value):
        has = Exists(Topic.objects.filter(meeting=OuterRef("pk"), rule_of_law=True))
        return qs.filter(has) if value == "true" else qs.exclude(has)


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("议定事项"), field_name="text", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("会议类别"), field_name="meeting__kind", choices=MeetingKind.choices,
                                       empty_label=_("全部"))
    year = _year(_("会议年度"), "meeting__held_on__year")
    tasked = django_filters.ChoiceFilter(label=_("已转为任务"), choices=YES_NO, empty_label=_("全部"),
                                         method="with_task")
    responsible_unit = UnitPickerFilter(label=_("责任单位"), queryset=Unit.objects.none())

    class Meta:
        model = Decision
        fields = ["q", "kind", "year", "tasked", "responsible_unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["responsible_unit"].queryset = Unit.objects.visible_to(user)

    def with_task(self, qs, name, value):
        wanted = value == "true"
        if not hasattr(Decision, "task"):  # fazhi.tasks not installed: no decision has a task
            return qs.none() if wanted else qs
        return qs.filter(task__isnull=not wanted)
