"""One filter set per model, shared by the list pages, the API and the exports (`user=` binds choices)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.inspections.models import (
    Category,
    EscalationLevel,
    Finding,
    Handling,
    Inspection,
    InterferenceRecord,
    ItemState,
    Level,
    Manner,
    RectificationItem,
    Source,
)
from fazhi.procedures import clock
from fazhi.procedures.models import due_soon_until


def _year(label, field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(label=label, field_name=field_name, min_value=1949, max_value=2200)


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("督察名称"), field_name="title", lookup_expr="contains")
    year = _year(_("年度"), "start_on__year")
    level = django_filters.ChoiceFilter(label=_("督察层级"), choices=Level.choices, empty_label=_("全部"))

    class Meta:
        model = Inspection
        fields = ["q", "year", "level"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("问题描述"), field_name="description", lookup_expr="contains")
    category = django_filters.ChoiceFilter(label=_("问题类别"), choices=Category.choices, empty_label=_("全部"))
    source = django_filters.ChoiceFilter(label=_("问题来源"), choices=Source.choices, empty_label=_("全部"))
    inspection = django_filters.ModelChoiceFilter(label=_("督察"), queryset=Inspection.objects.none(),
                                                  empty_label=_("全部"))
    unit = UnitPickerFilter(label=_("问题所在单位"), queryset=Unit.objects.none())
    year = _year(_("年度"), "found_on__year")

    class Meta:
        model = Finding
        fields = ["q", "category", "source", "inspection", "unit", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["inspection"].queryset = Inspection.objects.visible_to(user)
            self.filters["unit"].queryset = Unit.objects.visible_to(user)


DEADLINE_CHOICES = [("overdue", _("已逾期")), ("due_soon", _("即将到期")), ("open", _("未销号"))]


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("整改要求"), method="search")
    inspection = django_filters.ModelChoiceFilter(label=_("督察"), field_name="finding__inspection",
                                                  queryset=Inspection.objects.none(), empty_label=_("全部"))
    source = django_filters.ChoiceFilter(label=_("问题来源"), field_name="finding__source", choices=Source.choices,
                                         empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("问题类别"), field_name="finding__category",
                                           choices=Category.choices, empty_label=_("全部"))
    responsible_unit = UnitPickerFilter(label=_("责任单位"), queryset=Unit.objects.none())
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ItemState.choices, empty_label=_("全部"))
    deadline = django_filters.ChoiceFilter(label=_("时限"), choices=DEADLINE_CHOICES, empty_label=_("全部"),
                                           method="by_deadline")
    escalation = django_filters.ChoiceFilter(label=_("督办升级"), method="by_escalation", empty_label=_("全部"),
                                             choices=[("none", _("未督办")), *EscalationLevel.choices[1:]])
    year = _year(_("交办年度"), "issued_on__year")

    class Meta:
        model = RectificationItem
        fields = ["q", "inspection", "source", "category", "responsible_unit", "state", "deadline", "escalation",
                  "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["inspection"].queryset = Inspection.objects.visible_to(user)
            self.filters["responsible_unit"].queryset = Unit.objects.visible_to(user)

    def search(self, qs, name, value):
        return qs.filter(Q(requirement__contains=value) | Q(measures__contains=value)
                         | Q(finding__description__contains=value))

    def by_deadline(self, qs, name, value):
        today = clock.today()
        open_items = qs.exclude(state=ItemState.CLOSED)
        if value == "overdue":
            return open_items.filter(due_on__lt=today)
        if value == "due_soon":
            soon, _warning = due_soon_until(today)
            return open_items.filter(due_on__gte=today, due_on__lte=soon)
        return open_items

    def by_escalation(self, qs, name, value):
        return qs.filter(escalation="" if value == "none" else value)


class InterferenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("人员或案件"), method="search")
    unit = UnitPickerFilter(label=_("记录单位"), queryset=Unit.objects.none())
    manner = django_filters.ChoiceFilter(label=_("方式"), choices=Manner.choices, empty_label=_("全部"))
    handling = django_filters.ChoiceFilter(label=_("处理情况"), choices=Handling.choices, empty_label=_("全部"))
    year = _year(_("年度"), "occurred_on__year")

    class Meta:
        model = InterferenceRecord
        fields = ["q", "unit", "manner", "handling", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def search(self, qs, name, value):
        return qs.filter(Q(person_name__contains=value) | Q(person_post__contains=value) | Q(case__contains=value))
