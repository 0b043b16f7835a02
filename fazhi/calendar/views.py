"""Staff pages: the deadline calculator (期限计算) and the read-only holiday table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from fazhi.calendar import service
from fazhi.calendar.forms import AddForm, BetweenForm
from fazhi.calendar.models import CalendarDay, HolidayYear
from fazhi.calendar.service import DayUnit, NoHolidayData, TimeLimit

WEEKDAYS = [_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日")]


def weekday_name(d: date) -> str:
    return str(WEEKDAYS[d.weekday()])


def _bound(form_class: type, data: Any) -> Any:
    """Bind a GET form only when one of its own fields was submitted (the page has two)."""
    return form_class(data if any(name in data for name in form_class.base_fields) else None)


def _kept(data: Any, form_class: type) -> list[tuple[str, str]]:
    return [(name, data[name]) for name in form_class.base_fields if data.get(name)]


def _status(left: int) -> str:
    if left < 0:
        return "overdue"
    if left <= settings.FAZHI.get("DUE_SOON_WORKING_DAYS", 3):
        return "due_soon"
    return "on_time"


def _left(due: date) -> dict[str, Any]:
    """Working days from today to `due`; a missing holiday year here must not hide the due date."""
    try:
        left = service.working_days_left(due)
    except NoHolidayData as exc:
        return {"left": None, "left_error": exc.message}
    return {"left": left, "overdue": -left, "status": _status(left)}


def _compute_add(form: AddForm) -> dict[str, Any] | None:
    start, n, unit = form.cleaned_data["date"], form.cleaned_data["n"], form.cleaned_data["unit"]
    try:
        due = service.add(start, n, unit)
        nominal = service.nominal_end(start, n, unit)
    except NoHolidayData as exc:
        # Next to the field that brought the computation into the year without data.
        form.add_error("date" if exc.year == start.year else "n", exc.message)
        return None
    except OverflowError:
        form.add_error("n", gettext("期限超出可计算的日期范围。"))
        return None
    moved = unit != DayUnit.WORKING_DAY and nominal != due
    return {
        "start": start,
        "first_day": start + timedelta(days=1),
        "label": TimeLimit(n, unit, "").label(),
        "unit": unit,
        "due": due,
        "weekday": weekday_name(due),
        "nominal": nominal if moved else None,
        "nominal_weekday": weekday_name(nominal) if moved else "",
        **_left(due),
    }


def _compute_between(form: BetweenForm) -> dict[str, Any] | None:
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        count = service.working_days_between(start, end)
    except NoHolidayData as exc:
        form.add_error("start" if exc.year == start.year else "end", exc.message)
        return None
    return {"start": start, "end": end, "working_days": count,
            "calendar_days": (end - start).days}


@login_required
@require_safe
def calculator(request: HttpRequest) -> HttpResponse:
    add_form = _bound(AddForm, request.GET)
    between_form = _bound(BetweenForm, request.GET)
    add_result = _compute_add(add_form) if add_form.is_bound and add_form.is_valid() else None
    between_result = (_compute_between(between_form)
                      if between_form.is_bound and between_form.is_valid() else None)
    today = timezone.localdate()
    return render(request, "calendar/calculator.html", {
        "add_form": add_form,
        "add_result": add_result,
        "between_form": between_form,
        "between_result": between_result,
        # Each form carries the other's submitted values, so both results stay on the page (and in the link).
        "keep_add": _kept(request.GET, AddForm),
        "keep_between": _kept(request.GET, BetweenForm),
        "today": today,
        "today_weekday": weekday_name(today),
    })


@login_required
@require_safe
def days(request: HttpRequest) -> HttpResponse:
    rows = CalendarDay.objects.all()
    year_param = request.GET.get("year", "").strip()
    year = int(year_param) if year_param.isdigit() else None
    if year is not None:
        rows = rows.filter(date__year=year)
    rows = list(rows)
    for row in rows:
        row.weekday = weekday_name(row.date)
    package = sorted(service.package_years())
    covered = service.covered_years()
    next_year = timezone.localdate().year + 1
    return render(request, "calendar/days.html", {
        "rows": rows,
        "year": year,
        "row_years": [d.year for d in CalendarDay.objects.dates("date", "year")],
        "package_first": package[0] if package else None,
        "package_last": package[-1] if package else None,
        "holiday_years": HolidayYear.objects.all(),
        "covered": sorted(covered),
        "next_year": next_year,
        "next_year_missing": next_year not in covered,
    })
