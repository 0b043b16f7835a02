"""Filter sets of plans and tasks, shared by the list pages, the API and the Excel exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.tasks.models import Measure, Plan, PlanKind, PlanState, Task, TaskState

URGENCY = (("overdue", _("已超期")), ("due_soon", _("即将到期")), ("urgent", _("超期或即将到期")))


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("计划名称"), field_name="title", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("计划类别"), choices=PlanKind.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=PlanState.choices, empty_label=_("全部"))
    year = django_filters.NumberFilter(label=_("年度"), method="in_year", min_value=1949, max_value=2200)

    class Meta:
        model = Plan
        fields = ["q", "kind", "state", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def in_year(self, qs, name, value):
        return qs.filter(starts_on__year__lte=value, ends_on__year__gte=value)


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("任务名称"), field_name="title", lookup_expr="contains")
    plan = django_filters.ModelChoiceFilter(label=_("工作计划"), queryset=Plan.objects.none(), empty_label=_("全部"))
    measure = django_filters.ModelChoiceFilter(label=_("所属措施"), queryset=Measure.objects.none(),
                                               empty_label=_("全部"))
    lead_unit = UnitPickerFilter(label=_("牵头单位"), queryset=Unit.objects.none())
    unit = UnitPickerFilter(label=_("牵头或配合单位"), queryset=Unit.objects.none(), method="involving")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=TaskState.choices, empty_label=_("全部"))
    urgency = django_filters.ChoiceFilter(label=_("期限"), choices=URGENCY, method="by_urgency",
                                          empty_label=_("全部"))
    leader = django_filters.CharFilter(label=_("责任领导"), field_name="responsible_leader",
                                       lookup_expr="contains")
    due_before = django_filters.DateFilter(label=_("完成时限不晚于"), field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Task
        fields = ["q", "plan", "measure", "lead_unit", "unit", "state", "urgency", "leader", "due_before"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["plan"].queryset = Plan.objects.visible_to(user)
            self.filters["measure"].queryset = Measure.objects.visible_to(user).select_related("plan")
            self.filters["lead_unit"].queryset = Unit.objects.visible_to(user)
            self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def involving(self, qs, name, value):
        return qs.filter(Q(lead_unit=value) | Q(pk__in=Task.objects.filter(cooperating_units=value).values("pk")))

    def by_urgency(self, qs, name, value):
        if value == "overdue":
            return qs.overdue()
        if value == "due_soon":
            return qs.due_soon()
        return qs.filter(Q(pk__in=qs.overdue().values("pk")) | Q(pk__in=qs.due_soon().values("pk")))
