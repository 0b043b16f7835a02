"""Lists: filter, sort, page and export any visible queryset the same way on every page."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

PAGE_SIZE = 25
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]
    sort: str = ""  # ORM ordering key; empty = not sortable


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "label") and not isinstance(value, str | int | float):
        return str(value.label)
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, timezone.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str | int | float) or hasattr(value, "isoformat"):
        return value
    return str(value)


def build(request: HttpRequest, queryset: QuerySet, filterset_class: type, columns: Sequence[Column],
          default_sort: str) -> dict[str, Any]:
    """Filter, sort and page a queryset for a list page. Returns the template context."""
    filterset = filterset_class(request.GET or None, queryset=queryset)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    sortable = {c.sort for c in columns if c.sort}
    sort = request.GET.get("sort", default_sort)
    if sort.lstrip("-") not in sortable:
        sort = default_sort
    qs = qs.order_by(sort, "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    headers = []
    for c in columns:
        if c.sort:
            next_sort = c.sort if sort != c.sort else f"-{c.sort}"
            arrow = "▲" if sort == c.sort else "▼" if sort == f"-{c.sort}" else ""
            headers.append({"label": c.label, "sort": next_sort, "arrow": arrow})
        else:
            headers.append({"label": c.label})
    return {
        "filter": filterset,
        "page": page,
        "rows": [(obj, [_cell(c.value(obj)) for c in columns]) for obj in page.object_list],
        "headers": headers,
        "query": params.urlencode(),
        "sort_query": sort_params.urlencode(),
        "filtered_queryset": qs,
    }


def export_xlsx(queryset: QuerySet, columns: Sequence[Column], title: str) -> HttpResponse:
    """The filtered list as an Excel file (the same columns as the page)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.append([str(c.label) for c in columns])
    for obj in queryset[:EXPORT_LIMIT]:
        ws.append([_cell(c.value(obj)) for c in columns])
    for i in range(1, len(columns) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 20
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
