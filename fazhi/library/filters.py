"""Filter sets of the public library pages (public material only: the base querysets come from selectors)."""

from __future__ import annotations

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Region
from fazhi.library import selectors
from fazhi.library.search import search
from fazhi.rulemaking.models import DraftingBody


def _search(qs, name, value):
    return search(value, qs)


def _keyword_filter() -> django_filters.CharFilter:
    return django_filters.CharFilter(label=_("关键词"), method=_search, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("如：合法性审核"), "autocomplete": "off"}))


class LibraryFilter(django_filters.FilterSet):
    q = _keyword_filter()
    issuer = django_filters.ModelChoiceFilter(label=_("制定机关"), field_name="drafting_body",
                                              queryset=DraftingBody.objects.none(), empty_label=_("全部"))
    year = django_filters.ChoiceFilter(label=_("公布年度"), choices=[], method="filter_year", empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("效力状态"), choices=selectors.Status.CHOICES,
                                         method="filter_status", empty_label=None)

    def __init__(self, data=None, *args, **kwargs):
        # Always bound, 现行有效 unless the visitor chose otherwise.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = selectors.Status.CURRENT
        super().__init__(data, *args, **kwargs)
        self.filters["issuer"].queryset = selectors.library_issuers()
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in selectors.library_years()]

    def filter_year(self, qs, name, value):
        return qs.filter(published_on__year=int(value))

    def filter_status(self, qs, name, value):
        return qs.filter(state__in=selectors.Status.STATES.get(value, selectors.Status.STATES["current"]))


class DraftFilter(django_filters.FilterSet):
    q = _keyword_filter()


def _region_subtree(qs, name, value):
    region = Region.objects.filter(code=value).first()
    return qs.filter(region__code__startswith=region.prefix) if region else qs.none()


class DraftingBodyFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(label=_("所属区划"), choices=[], method=_region_subtree,
                                         empty_label=_("全部"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(code__in=selectors.confirmed_bodies().values("region_id")).order_by("code")
        self.filters["region"].extra["choices"] = [(r.code, f"{r.name}（{r.code}）") for r in regions]
