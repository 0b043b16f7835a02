"""The one filter set of deadlines: shared by the list page, its Excel export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Unit
from fazhi.procedures.engine import declared_limits
from fazhi.procedures.models import Deadline, DeadlineStatus

SORTS = {
    "": (_("按紧急程度"), ["status_rank", "due_on", "pk"]),
    "due_on": (_("届满日（早到晚）"), ["due_on", "pk"]),
    "-due_on": (_("届满日（晚到早）"), ["-due_on", "-pk"]),
    "started_on": (_("起算日（早到晚）"), ["started_on", "pk"]),
    "-started_on": (_("起算日（晚到早）"), ["-started_on", "-pk"]),
    "unit": (_("承办单位"), ["unit__name", "due_on", "pk"]),
}


def key_choices() -> list[tuple[str, str]]:
    return sorted(((key, f"{limit.label}（{key}）") for key, limit in declared_limits().items()),
                  key=lambda c: c[1])


class DeadlineFilter(django_filters.FilterSet):
    """Filters a `with_status()` queryset; pass `user` so the unit choices follow the access layer."""

    status = django_filters.ChoiceFilter(label=_("状态"), choices=DeadlineStatus.choices, empty_label=_("全部"))
    unit = django_filters.ModelChoiceFilter(label=_("承办单位"), queryset=Unit.objects.none(),
                                            empty_label=_("全部"))
    key = django_filters.ChoiceFilter(label=_("期限"), choices=key_choices, empty_label=_("全部"))
    sort = django_filters.ChoiceFilter(label=_("排序"), choices=[(k, v[0]) for k, v in SORTS.items() if k],
                                       empty_label=SORTS[""][0], method="sort_by")

    class Meta:
        model = Deadline
        fields = ["status", "unit", "key"]

    def __init__(self, data: Any = None, queryset: Any = None, *, user: Any = None, **kwargs: Any) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user).order_by("region_id", "name")

    def sort_by(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.order_by(*SORTS.get(value, SORTS[""])[1])

    def filter_queryset(self, queryset: Any) -> Any:
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS[""][1])
        return super().filter_queryset(queryset)
