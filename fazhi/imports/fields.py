"""Form fields for import kinds: cells as spreadsheets give them."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# 2025-09-05, 2025/9/5, 2025.9.5, 2025年9月5日, 20250905
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")


class SpreadsheetDateField(forms.Field):
    """A date as a spreadsheet gives it: a date cell, or text in the usual Chinese ways of writing one."""

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        match = _DATE.fullmatch(text)
        if match:
            year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
            try:
                return datetime.date(year, month, day)
            except ValueError:
                pass
        raise ValidationError(gettext("“%(v)s”不是有效日期，请写成 2025-09-05 这样的格式。") % {"v": text},
                              code="invalid")
