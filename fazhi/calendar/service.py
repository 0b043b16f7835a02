"""Counting legal time limits in calendar days, working days, months and years.

Rules (RULES.md "Counting days"):

* A period starts the day after the triggering event (`start`).
* `working_day`: the due date is the n-th working day after `start`.
* `calendar_day`: `start + n` days; `month` / `year`: the same day of the month n months / years
  later (the month's last day when there is no such day). When that last day is not a working day
  the period ends on the next working day (民事诉讼法第八十五条, applied by 行政复议法第八十八条).
* `n == 0` means the start day itself (moved to a working day for the calendar units).
* Working days: Monday–Friday, minus the official holidays, plus the make-up working days (调休).
  The source is the `chinesecalendar` package (State Council notices 2004–2026), overridden and
  extended by the administrators' `CalendarDay` table. A year the package lacks counts only once a
  `HolidayYear` row declares that its notice has been entered; otherwise any date in it raises
  `NoHolidayData` naming the year. There is never a silent weekend-only guess.

Speed: the override table is loaded once into an in-process snapshot, and each year is turned into
a prefix-sum array of working days on first use, so `working_days_between` over decades and
`add_working_days` are a few list look-ups and bisections, never a per-day database query.
"""

from __future__ import annotations

import datetime
import functools
import threading
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DayUnit",
    "TimeLimit",
    "NoHolidayData",
    "is_working_day",
    "next_working_day",
    "add",
    "due_date",
    "working_days_between",
    "working_days_left",
    "add_working_days",
    "covered_years",
    "package_years",
    "nominal_end",
    "clear_cache",
]


class DayUnit(models.TextChoices):
    CALENDAR_DAY = "calendar_day", _("日（自然日）")
    WORKING_DAY = "working_day", _("工作日")
    MONTH = "month", _("月")
    YEAR = "year", _("年")


def _check_unit(unit: str) -> DayUnit:
    try:
        return DayUnit(unit)
    except ValueError:
        raise ValueError(gettext("未知的期限单位“%(unit)s”，可用：calendar_day、working_day、month、year。")
                         % {"unit": unit}) from None


def _check_n(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(gettext("期限数值必须是整数。"))
    if n < 0:
        raise ValueError(gettext("期限数值不能为负数。"))
    return n


@dataclass(frozen=True)
class TimeLimit:
    """A time limit as the law states it: n units, and the law and article it comes from."""

    n: int
    unit: str
    basis: str  # law and article, e.g. "行政处罚法第六十条"

    def __post_init__(self) -> None:
        _check_n(self.n)
        _check_unit(self.unit)

    def label(self) -> str:
        """"90日", "7个工作日", "2个月", "1年"."""
        unit = DayUnit(self.unit)
        if unit == DayUnit.WORKING_DAY:
            text = gettext("%(n)s个工作日")
        elif unit == DayUnit.MONTH:
            text = gettext("%(n)s个月")
        elif unit == DayUnit.YEAR:
            text = gettext("%(n)s年")
        else:
            text = gettext("%(n)s日")
        return text % {"n": self.n}


class NoHolidayData(ValidationError):
    """A date falls in a year for which neither the package nor the administrators have a notice."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            gettext("缺少%(year)s年的节假日安排数据，无法按工作日计算期限。"
                    "请系统管理员在“节假日与调休”中录入该年国务院放假通知。") % {"year": year},
            code="no_holiday_data",
        )

    def __str__(self) -> str:
        return str(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.year,))


# --------------------------------------------------------------------------------------------
# The cache.
#
# Choice: an in-process snapshot of both tables, plus
#   * post_save/post_delete signals on CalendarDay and HolidayYear drop it at once (changes made in
#     this process: admin pages, imports, tests);
#   * at the start of every HTTP request (`request_started`) the snapshot is marked for
#     verification, and the first calendar computation in that request compares a cheap
#     fingerprint (row count + latest `updated_at` of each table: two aggregate queries) with the
#     snapshot's, reloading when another process (another gunicorn worker, a job worker, a
#     command) changed the tables. So one request always computes against one consistent
#     snapshot, and sees every change committed before it started;
#   * processes without requests (job workers, long commands) verify the same way at most every
#     VERIFY_AFTER_SECONDS.
# A per-call fingerprint query would be simpler but costs a query for every due date on a list
# page; a version counter in the database would need a write path outside the models' save().
# Writes that bypass save()/delete() (QuerySet.update/delete) are not supported for these tables,
# as for every audited model.
# --------------------------------------------------------------------------------------------

VERIFY_AFTER_SECONDS = 60.0


@dataclass
class _YearTable:
    first: int  # ordinal of 1 January
    cum: list[int]  # cum[i]: working days among the first i days of the year (len = days + 1)

    @property
    def size(self) -> int:
        return len(self.cum) - 1


@dataclass
class _Snapshot:
    overrides: dict[date, bool]  # date -> is a working day
    holiday_years: frozenset[int]
    fingerprint: tuple[Any, ...]
    checked_at: float
    years: dict[int, _YearTable] = field(default_factory=dict)


_snapshot: _Snapshot | None = None
_verify_next = False
_load_lock = threading.Lock()


def clear_cache(**_kwargs: Any) -> None:
    """Forget the snapshot (signal receiver; also for tests)."""
    global _snapshot, _verify_next
    _snapshot = None
    _verify_next = False


def mark_for_verification(**_kwargs: Any) -> None:
    """`request_started` receiver: verify the snapshot against the database before next use."""
    global _verify_next
    _verify_next = True


def _fingerprint() -> tuple[Any, ...]:
    from django.db.models import Count, Max

    from fazhi.calendar.models import CalendarDay, HolidayYear

    a = CalendarDay.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    b = HolidayYear.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    return (a["n"], a["t"], b["n"], b["t"])


def _load() -> _Snapshot:
    from fazhi.calendar.models import CalendarDay, HolidayYear

    days = list(CalendarDay.objects.values_list("date", "kind", "updated_at"))
    years = list(HolidayYear.objects.values_list("year", "updated_at"))
    fingerprint = (len(days), max((u for _d, _k, u in days), default=None),
                   len(years), max((u for _y, u in years), default=None))
    return _Snapshot(
        overrides={d: kind == CalendarDay.Kind.WORKDAY for d, kind, _u in days},
        holiday_years=frozenset(y for y, _u in years),
        fingerprint=fingerprint,
        checked_at=time.monotonic(),
    )


def _state() -> _Snapshot:
    global _snapshot, _verify_next
    snap = _snapshot
    now = time.monotonic()
    if snap is not None and (_verify_next or now - snap.checked_at > VERIFY_AFTER_SECONDS):
        _verify_next = False
        if _fingerprint() == snap.fingerprint:
            snap.checked_at = now
        else:
            snap = None
    if snap is None:
        with _load_lock:
            snap = _load()
            _snapshot = snap
    return snap


@functools.cache
def package_years() -> frozenset[int]:
    """The years the installed `chinesecalendar` package has State Council notices for."""
    years = set()
    for year in range(1949, 2201):
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            continue
        years.add(year)
    return frozenset(years)


def _package_rule() -> Any:
    """`chinese_calendar.is_workday` re-validates its whole table on every call (about 13 ms a year);
    its two dicts give the same answer directly. Tests compare both day by day."""
    try:
        from chinese_calendar.constants import holidays, workdays
    except ImportError:  # pragma: no cover - a future package layout
        return chinese_calendar.is_workday
    return lambda day: day in workdays or (day.weekday() < 5 and day not in holidays)


def _build_year(snap: _Snapshot, year: int) -> _YearTable:
    in_package = year in package_years()
    package_is_workday = _package_rule()
    if not in_package and year not in snap.holiday_years:
        raise NoHolidayData(year)
    first = date(year, 1, 1)
    size = (date(year + 1, 1, 1) - first).days
    cum = [0] * (size + 1)
    running = 0
    day = first
    for i in range(size):
        working = snap.overrides.get(day)
        if working is None:
            working = package_is_workday(day) if in_package else day.weekday() < 5
        running += bool(working)
        cum[i + 1] = running
        day += timedelta(days=1)
    return _YearTable(first=first.toordinal(), cum=cum)


def _year(snap: _Snapshot, year: int) -> _YearTable:
    table = snap.years.get(year)
    if table is None:
        table = _build_year(snap, year)
        snap.years[year] = table
    return table


def _as_date(d: date) -> date:
    if isinstance(d, datetime.datetime):
        return timezone.localdate(d) if timezone.is_aware(d) else d.date()
    if not isinstance(d, date):
        raise TypeError(gettext("应为日期。"))
    return d


def _is_working(snap: _Snapshot, d: date) -> bool:
    table = _year(snap, d.year)
    i = d.toordinal() - table.first
    return table.cum[i + 1] > table.cum[i]


def _count(snap: _Snapshot, first: date, last: date) -> int:
    """Working days in [first, last], first <= last."""
    total = 0
    for year in range(first.year, last.year + 1):
        table = _year(snap, year)
        lo = first.toordinal() - table.first if year == first.year else 0
        hi = last.toordinal() - table.first + 1 if year == last.year else table.size
        total += table.cum[hi] - table.cum[lo]
    return total


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return date(year, month, min(d.day, last_day))


# --------------------------------------------------------------------------------------------
# Public interface.
# --------------------------------------------------------------------------------------------


def is_working_day(d: date) -> bool:
    return _is_working(_state(), _as_date(d))


def next_working_day(d: date) -> date:
    """`d` itself if it is a working day, else the first working day after it."""
    snap = _state()
    d = _as_date(d)
    while not _is_working(snap, d):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after `d` (n > 0), before `d` (n < 0), or `d` itself (n == 0)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(gettext("期限数值必须是整数。"))
    d = _as_date(d)
    if n == 0:
        return d
    snap = _state()
    remaining = abs(n)
    if n > 0:
        candidate = d + timedelta(days=1)
        year = candidate.year
        table = _year(snap, year)
        lo = candidate.toordinal() - table.first
        while True:
            available = table.cum[table.size] - table.cum[lo]
            if remaining <= available:
                k = bisect_left(table.cum, table.cum[lo] + remaining, lo + 1)
                return date.fromordinal(table.first + k - 1)
            remaining -= available
            year += 1
            table = _year(snap, year)
            lo = 0
    candidate = d - timedelta(days=1)
    year = candidate.year
    table = _year(snap, year)
    hi = candidate.toordinal() - table.first + 1
    while True:
        available = table.cum[hi]
        if remaining <= available:
            k = bisect_left(table.cum, table.cum[hi] - remaining + 1)
            return date.fromordinal(table.first + k - 1)
        remaining -= available
        year -= 1
        table = _year(snap, year)
        hi = table.size


def nominal_end(start: date, n: int, unit: str) -> date:
    """The last day of the period before moving it off a rest day (working days: the due date)."""
    unit = _check_unit(unit)
    _check_n(n)
    start = _as_date(start)
    if unit == DayUnit.WORKING_DAY:
        return add_working_days(start, n)
    if unit == DayUnit.CALENDAR_DAY:
        return start + timedelta(days=n)
    if unit == DayUnit.MONTH:
        return _shift_months(start, n)
    return _shift_months(start, 12 * n)


def add(start: date, n: int, unit: str) -> date:
    """The due date of a period of n units triggered on `start` (counting from the next day)."""
    end = nominal_end(start, n, unit)
    if DayUnit(unit) == DayUnit.WORKING_DAY:
        return end
    return next_working_day(end)


def due_date(start: date, limit: TimeLimit) -> date:
    return add(start, limit.n, limit.unit)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative (minus the working days in (end, start]) if end < start."""
    start, end = _as_date(start), _as_date(end)
    if start == end:
        return 0
    snap = _state()
    if start < end:
        return _count(snap, start + timedelta(days=1), end)
    return -_count(snap, end + timedelta(days=1), start)


def working_days_left(due: date, today: date | None = None) -> int:
    """Working days from `today` (default: today in the site's time zone) to `due`; negative = overdue."""
    return working_days_between(timezone.localdate() if today is None else today, due)


def covered_years() -> set[int]:
    """The years with holiday data: the package's, plus those declared by a HolidayYear row."""
    return set(package_years()) | set(_state().holiday_years)
