import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import region_subtree_filter, yes_no_filter
from fazhi.rulemaking.models import (
    CampaignState,
    CleanupCampaign,
    DocumentState,
    DraftingBody,
    NormativeDocument,
)


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("文件名称或文号"), method="search")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=DocumentState.choices, empty_label=_("全部"))
    drafting_body = django_filters.ModelChoiceFilter(label=_("制定主体"), queryset=DraftingBody.objects.none(),
                                                     empty_label=_("全部"))
    market_related = yes_no_filter(_("涉及市场主体"))
    year = django_filters.NumberFilter(label=_("公布年度"), field_name="published_on", lookup_expr="year",
                                       min_value=1949, max_value=2200)

    class Meta:
        model = NormativeDocument
        fields = ["q", "state", "drafting_body", "market_related", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["drafting_body"].queryset = DraftingBody.objects.visible_to(user).select_related("unit")

    def search(self, qs, name, value):
        return qs.filter(Q(title__contains=value) | Q(document_number__contains=value))


class DraftingBodyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("单位名称"), field_name="unit__name", lookup_expr="contains")
    region = region_subtree_filter(_("区划代码"), "region_id")
    confirmed = yes_no_filter(_("已确认"))

    class Meta:
        model = DraftingBody
        fields = ["q", "region", "confirmed"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("清理名称"), field_name="title", lookup_expr="contains")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CampaignState.choices, empty_label=_("全部"))

    class Meta:
        model = CleanupCampaign
        fields = ["q", "state"]
