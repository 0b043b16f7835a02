"""One filter set per model, shared by the list pages, the API and the exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import ActType, CaseState, DiscretionBenchmark, EnforcementCase, Outcome
from fazhi.core.filters import yes_no_filter
from fazhi.enforcement.models import EnforcementBody


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("案件编号或案由"), method="search")
    act_type = django_filters.ChoiceFilter(label=_("行为类别"), choices=ActType.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices, empty_label=_("全部"))
    outcome = django_filters.ChoiceFilter(label=_("处理结果"), choices=Outcome.choices, empty_label=_("全部"))
    major = yes_no_filter(_("重大执法决定"))
    body = django_filters.ModelChoiceFilter(label=_("执法主体"), queryset=EnforcementBody.objects.none(),
                                            empty_label=_("全部"))
    registered_after = django_filters.DateFilter(label=_("立案日期自"), field_name="registered_on", lookup_expr="gte")
    registered_before = django_filters.DateFilter(label=_("立案日期至"), field_name="registered_on", lookup_expr="lte")

    class Meta:
        model = EnforcementCase
        fields = ["q", "act_type", "state", "outcome", "major", "body", "registered_after", "registered_before"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["body"].queryset = EnforcementBody.objects.visible_to(user).select_related("unit")

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(number__contains=value) | Q(cause__contains=value)) if value else queryset


class PublicCaseFilter(django_filters.FilterSet):
    """The portal's decisions: by text, act type and body (only bodies with published decisions are offered)."""

    q = django_filters.CharFilter(label=_("决定书文号或案由"), method="search")
    act_type = django_filters.ChoiceFilter(label=_("行为类别"), choices=ActType.choices, empty_label=_("全部"))
    body = django_filters.ModelChoiceFilter(label=_("执法主体"), queryset=EnforcementBody.objects.none(),
                                            empty_label=_("全部"))

    class Meta:
        model = EnforcementCase
        fields = ["q", "act_type", "body"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["body"].queryset = (
            EnforcementBody.objects.filter(pk__in=EnforcementCase.objects.public().values("body_id"))
            .select_related("unit").order_by("unit__name"))

    def search(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(number__contains=value) | Q(cause__contains=value)) if value else queryset


class BenchmarkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("违法情节"), field_name="circumstance", lookup_expr="contains")
    lenient = yes_no_filter(_("列入首违不罚清单"))

    class Meta:
        model = DiscretionBenchmark
        fields = ["q", "lenient"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
