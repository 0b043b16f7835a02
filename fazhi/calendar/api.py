"""/api/v1/calendar/: due dates and working days (authentication is the API's global one)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from ninja import Query, Router, Schema

from fazhi.calendar import service
from fazhi.calendar.models import CalendarDay

router = Router(tags=["calendar"])

Unit = Literal["calendar_day", "working_day", "month", "year"]


class AddOut(Schema):
    start: dt.date
    n: int
    unit: str
    due: dt.date
    basis: str | None = None
    working_days_left: int


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


class DayOut(Schema):
    date: dt.date
    kind: str
    kind_label: str
    name: str
    basis: str


@router.get("/add", response=AddOut, summary="期限届满日")
def add(request, date: dt.date, n: Query[int, dict(ge=0, le=3650)], unit: Unit):
    """`date` 起算事件发生日，期限自次日起算；非工作日届满的顺延至下一个工作日（工作日单位除外）。

    缺少某年节假日数据时返回 422。`working_days_left` 为今天到届满日的工作日数（负数为已超期）。
    """
    try:
        due = service.add(date, n, unit)
    except (OverflowError, ValueError):
        # Past 9999-12-31: timedelta arithmetic overflows, date(year, …) raises ValueError (months, years).
        raise ValidationError(gettext("期限超出可计算的日期范围。")) from None
    return {"start": date, "n": n, "unit": unit, "due": due, "basis": None,
            "working_days_left": service.working_days_left(due)}


@router.get("/between", response=BetweenOut, summary="两日之间的工作日数")
def between(request, start: dt.date, end: dt.date):
    """(start, end] 之间的工作日数；end 早于 start 时为负数。"""
    return {"start": start, "end": end, "working_days": service.working_days_between(start, end)}


@router.get("/days", response=list[DayOut], summary="人工录入的节假日与调休")
def days(request, year: Query[int | None, dict(ge=1949, le=2200)] = None):
    rows = CalendarDay.objects.all()
    if year is not None:
        rows = rows.filter(date__year=year)
    return [{"date": r.date, "kind": r.kind, "kind_label": str(r.get_kind_display()), "name": r.name,
             "basis": r.basis} for r in rows]
