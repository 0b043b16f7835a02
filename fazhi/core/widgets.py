"""The unit picker: one text box instead of a <select> with every visible unit.

A coordinator of a city sees thousands of units; rendering them all as options made every form
and filter that names a unit slow and heavy. The picker renders a search box (htmx asks
`core:unit_search` for up to 20 matches), a hidden input with the chosen unit's id, and a hidden
copy of the text shown, so the server can tell whether the user typed something new. Without
JavaScript the typed text is submitted and `UnitChoiceField` resolves an exact credit code or exact
unique name within the field's (access-filtered) queryset.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import CHANGE, VIEW

TEXT_SUFFIX = "_q"  # the visible text box: "<name>_q"
SHOWN_SUFFIX = "_shown"  # the text the page showed for the hidden id: "<name>_shown"
CREDIT_CODE_LENGTH = 18  # shorter all-digit input may be an id; a credit code never is


def _pk_or_none(value: Any) -> int | None:
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < CREDIT_CODE_LENGTH else None


class UnitPickerWidget(forms.Widget):
    """Search box + hidden id. `purpose` is "change" for form fields, "view" for filters."""

    template_name = "core/widgets/unit_picker.html"

    def __init__(self, attrs: dict | None = None, purpose: str = CHANGE) -> None:
        super().__init__(attrs)
        self.purpose = purpose
        self.queryset = None  # set by UnitChoiceField: the only units whose names may be shown

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        pk = data.get(name)
        text = data.get(name + TEXT_SUFFIX)
        if text is None:  # posted by a client that only knows the id (tests, API, imports)
            return pk
        text = text.strip()
        if not text:
            return ""
        if pk and text == (data.get(name + SHOWN_SUFFIX) or "").strip():
            return pk  # the text is still the chosen unit's name
        return text  # typed without choosing (or without JavaScript): the field resolves it

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + TEXT_SUFFIX not in data

    def _selected(self, value: Any) -> tuple[str, str]:
        """(hidden id, text) for a value: an id is shown as its unit's name, other text as typed."""
        if value in (None, ""):
            return "", ""
        if hasattr(value, "pk"):
            return str(value.pk), str(value)
        pk = _pk_or_none(value)
        if pk is not None and self.queryset is not None:
            name = self.queryset.filter(pk=pk).values_list("name", flat=True).first()
            if name is not None:
                return str(pk), name
        return "", str(value)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        pk, text = self._selected(value)
        widget = context["widget"]
        widget.update(
            pk=pk, text=text, text_name=name + TEXT_SUFFIX, shown_name=name + SHOWN_SUFFIX,
            search_url=f"{reverse('core:unit_search')}?purpose={self.purpose}",
            placeholder=_("输入单位名称或统一社会信用代码"),
        )
        widget["attrs"].setdefault("id", "id_" + name)
        return context


class UnitChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField of units that also accepts an exact credit code or an exact unique name.

    The lookup stays inside `queryset`, so a unit outside the user's scope is refused with the usual
    "选择一个有效的选项" error whichever way it is named.
    """

    widget = UnitPickerWidget
    default_error_messages = {
        "ambiguous": _("有多个单位名为“%(value)s”，请填写统一社会信用代码。"),
    }

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        text = str(value).strip()
        if not text:
            return None
        self.validate_no_null_characters(text)
        pk = _pk_or_none(text)
        lookup = Q(name=text) | Q(credit_code=text.upper())
        if pk is not None:
            lookup |= Q(pk=pk)
        found = list(self.queryset.filter(lookup)[:10])
        for match in (lambda u: u.pk == pk, lambda u: u.credit_code == text.upper()):
            for unit in found:
                if match(unit):
                    return unit
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                              params={"value": text})


class UnitPickerFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter with the picker: pass `queryset` (e.g. `Unit.objects.visible_to(user)`)."""

    field_class = UnitChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", UnitPickerWidget(purpose=VIEW))
        kwargs.pop("empty_label", None)  # no <select>, so no empty option
        super().__init__(*args, **kwargs)
        self.extra.pop("empty_label", None)
