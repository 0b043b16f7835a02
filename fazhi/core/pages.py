"""The staff pages every module has: a filtered list with Excel export, and a create/edit form that
saves through the module's service and shows the service's errors next to the fields.

Modules call these instead of keeping their own copies; what differs between modules (how the form
becomes a saved record) is the `save` callable they pass.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fazhi.core import listing
from fazhi.core.listing import Column


def apply_errors(form: Any, exc: ValidationError, *, aliases: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: field errors next to their field (`aliases` maps
    a model field to the form field that edits it), the rest at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = (aliases or {}).get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def list_page(request: HttpRequest, qs: QuerySet, filter_class: type, columns: list[Column], default_sort: str,
              title: str, create_url: str | None = None, can_create: bool | Callable[[], bool] = False, *,
              export_columns: list[Column] | None = None, template: str = "fazhi/list.html",
              extra: dict[str, Any] | None = None) -> HttpResponse:
    """A list page: filters (the filter set gets the user, for choices that follow the access layer),
    sorting, paging, and `?export=xlsx`. `can_create` may be a callable: it is then only evaluated
    when the page is shown, not for an export."""
    ctx = listing.build(request, qs, functools.partial(filter_class, user=request.user), columns, default_sort)
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], export_columns or columns, title)
    ctx.update(title=title, create_url=create_url, can_create=can_create() if callable(can_create) else can_create,
               **(extra or {}))
    return render(request, template, ctx)


def form_page(request: HttpRequest, form: Any, save: Callable[[], Any], title: str, saved: str,
              cancel: Any = None, *, aliases: dict[str, str] | None = None) -> HttpResponse:
    """A bound form's page: once it is valid call `save()` — the service validates again and may
    refuse, its errors then go next to the fields — and redirect to the saved record with the message
    `saved` (its %(name)s, if any, is the record's name). `aliases`: see `apply_errors`."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as exc:
            apply_errors(form, exc, aliases=aliases)
        else:
            messages.success(request, saved % {"name": str(obj)[:60]} if "%(name)" in saved else saved)
            return redirect(obj)
    return render(request, "fazhi/form.html", {"form": form, "title": title, "cancel": cancel})


def edit_page(request: HttpRequest, record: Model, form_class: type, save: Callable[[Any], Any], title: str,
              saved: str, *, initial: dict | None = None, cancel: Any = None,
              form_kwargs: dict[str, Any] | None = None, aliases: dict[str, str] | None = None) -> HttpResponse:
    """A create/edit page of `record`: the model form (given the user, for choices that follow the
    access layer), saved by `save(form)`."""
    form = form_class(request.POST or None, instance=record, user=request.user, initial=initial,
                      **(form_kwargs or {}))
    return form_page(request, form, lambda: save(form), title, saved, cancel or (record if record.pk else None),
                     aliases=aliases)


def excerpt(text: str, n: int = 40) -> str:
    """The first `n` characters of a text on one line, for a list column."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n] + "…"
