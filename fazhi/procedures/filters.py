"""The one filter set of deadlines: shared by the list page, its Excel export and the API."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Region, Unit
from fazhi.core.widgets import UnitPickerFilter
from fazhi.procedures import clock
from fazhi.procedures.engine import declared_limits
from fazhi.procedures.models import Deadline, DeadlineStatus

# The default ("" = most urgent first) is `due_on`, not the CASE's `status_rank`: among running rows both
# give the same order (overdue < due soon < on time all follow the due date), and `due_on` is indexable.
# Stopped rows are not in the default list at all — they are only shown when the user filters for
# "stopped" (most recently stopped first, STOPPED_ORDER): putting them after the running ones would
# mean sorting every visible row, years of history, by an expression.
SORTS = {
    "": (_("按紧急程度"), ["due_on", "pk"]),
    "due_on": (_("届满日（早到晚）"), ["due_on", "pk"]),
    "-due_on": (_("届满日（晚到早）"), ["-due_on", "-pk"]),
    "started_on": (_("起算日（早到晚）"), ["started_on", "pk"]),
    "-started_on": (_("起算日（晚到早）"), ["-started_on", "-pk"]),
    "unit": (_("承办单位"), ["unit__name", "due_on", "pk"]),
}
STOPPED_ORDER = ["-stopped_on", "-pk"]


def key_choices() -> list[tuple[str, str]]:
    return sorted(((key, f"{limit.label}（{key}）") for key, limit in declared_limits().items()),
                  key=lambda c: c[1])


class DeadlineFilter(django_filters.FilterSet):
    """Filters a `with_status()` queryset; pass `user` so the unit choices follow the access layer.

    Without a status only running deadlines are listed; `status=stopped` lists the stopped ones.
    Statuses are filtered with the indexable conditions of `DeadlineQuerySet.with_status_filter`,
    never with the `status` annotation (a CASE, evaluated on every row).
    """

    status = django_filters.ChoiceFilter(label=_("状态"), choices=DeadlineStatus.choices,
                                         empty_label=_("进行中（全部）"), method="filter_status")
    unit = UnitPickerFilter(label=_("承办单位"), queryset=Unit.objects.none())  # a search box, not every unit
    key = django_filters.ChoiceFilter(label=_("期限"), choices=key_choices, empty_label=_("全部"))
    # The dashboard's alerts link here: deadlines of one kind (by name, assigned ones included) in a region.
    label = django_filters.CharFilter(label=_("期限名称"), field_name="label")
    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")
    sort = django_filters.ChoiceFilter(label=_("排序"), choices=[(k, v[0]) for k, v in SORTS.items() if k],
                                       empty_label=SORTS[""][0], method="sort_by")

    class Meta:
        model = Deadline
        fields = ["status", "unit", "key", "label", "region"]

    def __init__(self, data: Any = None, queryset: Any = None, *, user: Any = None,
                 today: datetime.date | None = None, **kwargs: Any) -> None:
        # Always bound (no data = no filter chosen), so filter_queryset applies the default
        # (running only, urgent first) to the first visit too.
        super().__init__({} if data is None else data, queryset, **kwargs)
        self.today = today or clock.today()
        self.filters["unit"].queryset = Unit.objects.visible_to(user).order_by("region_id", "name")

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.with_status_filter(value, self.today)

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        region = Region.objects.filter(code=value.strip()).first()
        if region is None:
            return queryset.none()
        return queryset.filter(unit__region__code__startswith=region.prefix)

    def sort_by(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.order_by(*SORTS.get(value, SORTS[""])[1])

    def filter_queryset(self, queryset: Any) -> Any:
        data = getattr(self.form, "cleaned_data", {})
        status = data.get("status")
        if not status:
            queryset = queryset.running()
        if not data.get("sort"):
            queryset = queryset.order_by(*(STOPPED_ORDER if status == DeadlineStatus.STOPPED else SORTS[""][1]))
        return super().filter_queryset(queryset)
