"""The periods a leader looks at: a year, a quarter or a month, and the one before it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

YEAR, QUARTER, MONTH = "year", "quarter", "month"


@dataclass(frozen=True)
class Period:
    year: int
    kind: str = YEAR   # year / quarter / month
    n: int = 1         # the quarter (1–4) or the month (1–12); 1 for a year

    @classmethod
    def parse(cls, year: int, code: str) -> Period:
        """"" or "year" → the year; "q1"…"q4"; "m1"…"m12". ValueError on anything else."""
        code = (code or YEAR).strip().lower()
        if code == YEAR:
            return cls(year)
        if code[:1] == "q" and code[1:].isdigit() and 1 <= int(code[1:]) <= 4:
            return cls(year, QUARTER, int(code[1:]))
        if code[:1] == "m" and code[1:].isdigit() and 1 <= int(code[1:]) <= 12:
            return cls(year, MONTH, int(code[1:]))
        raise ValueError(code)

    @property
    def code(self) -> str:
        return {YEAR: YEAR, QUARTER: f"q{self.n}", MONTH: f"m{self.n}"}[self.kind]

    @property
    def start(self) -> dt.date:
        if self.kind == YEAR:
            return dt.date(self.year, 1, 1)
        if self.kind == QUARTER:
            return dt.date(self.year, 3 * self.n - 2, 1)
        return dt.date(self.year, self.n, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == YEAR:
            return dt.date(self.year, 12, 31)
        last_month = 3 * self.n if self.kind == QUARTER else self.n
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def previous(self) -> Period:
        """The period just before, of the same length (Q1 → last year's Q4)."""
        if self.kind == YEAR:
            return Period(self.year - 1)
        count = 4 if self.kind == QUARTER else 12
        if self.n == 1:
            return Period(self.year - 1, self.kind, count)
        return Period(self.year, self.kind, self.n - 1)

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return gettext("%(year)d年") % {"year": self.year}
        if self.kind == QUARTER:
            return gettext("%(year)d年第%(n)d季度") % {"year": self.year, "n": self.n}
        return gettext("%(year)d年%(n)d月") % {"year": self.year, "n": self.n}


def months(year: int) -> list[Period]:
    return [Period(year, MONTH, m) for m in range(1, 13)]


def choices() -> list[tuple[str, str]]:
    out = [(YEAR, gettext("全年"))]
    out += [(f"q{q}", gettext("第%(n)d季度") % {"n": q}) for q in range(1, 5)]
    out += [(f"m{m}", gettext("%(n)d月") % {"n": m}) for m in range(1, 13)]
    return out
