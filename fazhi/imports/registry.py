"""The import kinds: each module declares once how a spreadsheet row becomes one of its records.

    register(ImportKind(
        key="units", label=_("单位"),
        columns=[Column("单位名称", "name", required=True, help=_("…"), example="示范市司法局"), …],
        form_class=UnitForm,                 # the SAME form as the staff page
        to_form_data=unit_form_data,         # (row, context) → form data; lookups via the access layer
        save=save_unit_row,                  # (form, context) → saved object, through the module's service
        context=TreeLookups,                 # per-import state (lookup caches), built with the importing user
    ))

Kinds are found at start-up in `fazhi.imports.kinds` and in every installed app's `imports` module
(`fazhi/<app>/imports.py`, imported by apps.Config.ready).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models

from fazhi.core.access import Role, is_unrestricted, roles_of

IMPORTERS = frozenset({Role.ADMIN, Role.COORDINATOR})


@dataclass(frozen=True)
class Column:
    """One column of the file: its Chinese header (as written in row 1) and the form field it fills."""

    header: str
    field: str
    required: bool = False
    help: str = ""
    example: str = ""
    # (value, label) pairs: the cell holds the label (or the value); the form receives the value.
    choices: Iterable[tuple[Any, Any]] | Callable[[], Iterable[tuple[Any, Any]]] = ()

    def choice_pairs(self) -> list[tuple[Any, str]]:
        pairs = self.choices() if callable(self.choices) else self.choices
        return [(value, str(label)) for value, label in pairs if value not in ("", None)]

    def choice_map(self) -> dict[str, Any]:
        """Accepted cell texts → form value (labels first; the stored values are accepted too)."""
        mapping: dict[str, Any] = {}
        for value, _label in self.choice_pairs():
            mapping.setdefault(str(value), value)
        for value, label in self.choice_pairs():
            mapping[label] = value
        return mapping


class Row:
    """One data row: cell values by form field name, and the errors found before the form runs."""

    def __init__(self, number: int, values: dict[str, Any]):
        self.number = number
        self.values = values
        self.errors: list[tuple[str, str]] = []  # (field, message)

    def __getitem__(self, field_name: str) -> Any:
        return self.values.get(field_name, "")

    def get(self, field_name: str, default: Any = "") -> Any:
        return self.values.get(field_name, default)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append((field_name, str(message)))

    def has_error(self, field_name: str) -> bool:
        return any(f == field_name for f, _m in self.errors)


class ImportContext:
    """Per-import state handed to a kind's functions. Kinds subclass it to cache their lookups."""

    def __init__(self, user: Any):
        self.user = user


def _plain_form_data(row: Row, context: ImportContext) -> dict[str, Any]:
    return dict(row.values)


def _default_form_kwargs(context: ImportContext) -> dict[str, Any]:
    return {"user": context.user}


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str
    columns: tuple[Column, ...] | list[Column]
    form_class: type[forms.BaseForm]
    save: Callable[[forms.BaseForm, Any], models.Model]
    to_form_data: Callable[[Row, Any], dict[str, Any]] = _plain_form_data
    context: Callable[[Any], ImportContext] = ImportContext
    form_kwargs: Callable[[Any], dict[str, Any]] = _default_form_kwargs
    # Roles allowed to import this kind (superusers and SYSTEM always may); each row is still checked
    # by the form, whose choices follow the access layer.
    roles: frozenset[str] = IMPORTERS
    description: str = ""
    # Where errors that belong to no single field (e.g. a unique-together clash) are reported.
    non_field_column: str = ""

    def column_for(self, field_name: str) -> str:
        """The header to report a form field's error under."""
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return self.non_field_column if field_name in ("__all__", "") else ""

    def allowed(self, user: Any) -> bool:
        return is_unrestricted(user) or bool(roles_of(user) & set(self.roles))


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    if kind.key in _KINDS and _KINDS[kind.key] is not kind:
        raise ValueError(f"import kind {kind.key!r} is already registered")
    headers = [c.header for c in kind.columns]
    if len(set(headers)) != len(headers):
        raise ValueError(f"import kind {kind.key!r} has duplicate column headers")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> ImportKind:
    """The kind registered under `key` (KeyError if none)."""
    return _KINDS[key]


def kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def kinds_for(user: Any) -> list[ImportKind]:
    """The kinds this user may import (none for leaders and other roles)."""
    return [k for k in _KINDS.values() if k.allowed(user)]


def get_kind_for(user: Any, key: str) -> ImportKind | None:
    kind = _KINDS.get(key)
    return kind if kind is not None and kind.allowed(user) else None


def can_import(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(kinds_for(user))
