"""One filter set per model, shared by the staff lists, the API, the exports and the portal pages.

Filter sets whose choices depend on the user take `user=`; the portal's take `user=None` and offer
only published bodies.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import region_subtree_filter, yes_no_filter
from fazhi.enforcement.models import (
    BodyKind,
    Empowerment,
    EnforcementBody,
    EnforcementField,
    EnforcementItem,
    EnforcementOfficer,
    ItemStatus,
    ItemType,
    OfficerStatus,
    TownshipTeam,
)
from fazhi.procedures import clock

CERTIFICATE_STATES = [("valid", _("有效")), ("expiring", _("90日内到期")), ("expired", _("已过期"))]
EXPIRING_DAYS = 90  # a renewal reminder window, not a legal limit


def public_bodies():
    return EnforcementBody.objects.filter(active=True, published_on__isnull=False).select_related("unit")


def _body_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=_("执法主体"), queryset=EnforcementBody.objects.none(),
                                            empty_label=_("全部"))


def _bodies_for(user):
    if user is None:
        return public_bodies()
    return EnforcementBody.objects.visible_to(user).select_related("unit")


class BodyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="unit__name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("主体类别"), choices=BodyKind.choices, empty_label=_("全部"))
    field = django_filters.ChoiceFilter(label=_("执法领域"), choices=EnforcementField.choices, empty_label=_("全部"),
                                        method="filter_field")
    region = region_subtree_filter(_("所属区划代码"), "region__code")
    active = yes_no_filter(_("有效"))

    class Meta:
        model = EnforcementBody
        fields = ["q", "kind", "field", "region", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_field(self, qs, name, value):
        return qs.filter(enforcement_fields__contains=f",{value},")


class OfficerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名或执法证号"), method="search")
    body = _body_filter()
    field = django_filters.ChoiceFilter(label=_("执法领域"), choices=EnforcementField.choices, empty_label=_("全部"))
    certificate = django_filters.ChoiceFilter(label=_("执法证"), choices=CERTIFICATE_STATES, empty_label=_("全部"),
                                              method="filter_certificate")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=OfficerStatus.choices, empty_label=_("全部"))
    legal_qualification = yes_no_filter(_("法律职业资格"))
    region = region_subtree_filter(_("所属区划代码"), "body__region__code")

    class Meta:
        model = EnforcementOfficer
        fields = ["q", "body", "field", "certificate", "status", "legal_qualification", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["body"].queryset = _bodies_for(user)

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value.strip()) | Q(certificate_number__contains=value.strip()))

    def filter_certificate(self, qs, name, value):
        today = clock.today()
        if value == "valid":
            return qs.with_valid_certificate(today)
        if value == "expiring":
            return qs.expiring(today, EXPIRING_DAYS)
        return qs.filter(expires_on__lt=today)


class PublicOfficerFilter(OfficerFilter):
    """The portal: no status or qualification filters (only officers in post are listed)."""

    class Meta:
        model = EnforcementOfficer
        fields = ["q", "body", "field", "certificate", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=None, **kwargs)
        for name in ("status", "legal_qualification"):
            self.filters.pop(name, None)


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("事项名称或编码"), method="search")
    item_type = django_filters.ChoiceFilter(label=_("事项类型"), choices=ItemType.choices, empty_label=_("全部"))
    field = django_filters.ChoiceFilter(label=_("执法领域"), choices=EnforcementField.choices, empty_label=_("全部"))
    body = _body_filter()
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ItemStatus.choices, empty_label=_("全部"))
    empowered_to_townships = yes_no_filter(_("赋权乡镇"))
    region = region_subtree_filter(_("所属区划代码"), "body__region__code")

    class Meta:
        model = EnforcementItem
        fields = ["q", "item_type", "field", "body", "status", "empowered_to_townships", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["body"].queryset = _bodies_for(user)

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value.strip()) | Q(code__startswith=value.strip()))


class TeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("队伍或乡镇名称"), method="search")
    region = region_subtree_filter(_("所属区划代码"), "township__region__code")

    class Meta:
        model = TownshipTeam
        fields = ["q", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(name__contains=value) | Q(township__name__contains=value))


class EmpowermentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("文号、文件或乡镇名称"), method="search")
    region = region_subtree_filter(_("所属区划代码"), "township__region__code")
    year = django_filters.NumberFilter(label=_("决定年度"), field_name="decided_on__year", min_value=1949,
                                       max_value=2200)

    class Meta:
        model = Empowerment
        fields = ["q", "region", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(document_number__contains=value) | Q(title__contains=value)
                         | Q(township__name__contains=value))
