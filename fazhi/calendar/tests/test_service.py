"""The counting rules against the official notices of 2025 and 2026, the override table and the cache."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.signals import request_started
from django.db import connection
from django.utils import timezone

from fazhi.calendar import service
from fazhi.calendar.models import CalendarDay, HolidayYear
from fazhi.calendar.service import DayUnit, NoHolidayData, TimeLimit

pytestmark = pytest.mark.django_db

WD, CD, MONTH, YEAR = "working_day", "calendar_day", "month", "year"


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


# 国办发明电〔2024〕12号 (the 2025 notice).
HOLIDAYS_2025 = {
    "元旦": days(date(2025, 1, 1), date(2025, 1, 1)),
    "春节": days(date(2025, 1, 28), date(2025, 2, 4)),
    "清明节": days(date(2025, 4, 4), date(2025, 4, 6)),
    "劳动节": days(date(2025, 5, 1), date(2025, 5, 5)),
    "端午节": days(date(2025, 5, 31), date(2025, 6, 2)),
    "国庆节、中秋节": days(date(2025, 10, 1), date(2025, 10, 8)),
}
MAKEUP_2025 = [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]

# 国办发明电〔2025〕7号 (the 2026 notice), as carried by chinesecalendar 1.11.
HOLIDAYS_2026 = {
    "元旦": days(date(2026, 1, 1), date(2026, 1, 3)),
    "春节": days(date(2026, 2, 15), date(2026, 2, 23)),
    "清明节": days(date(2026, 4, 4), date(2026, 4, 6)),
    "劳动节": days(date(2026, 5, 1), date(2026, 5, 5)),
    "端午节": days(date(2026, 6, 19), date(2026, 6, 21)),
    "中秋节": days(date(2026, 9, 25), date(2026, 9, 27)),
    "国庆节": days(date(2026, 10, 1), date(2026, 10, 7)),
}
MAKEUP_2026 = [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
               date(2026, 10, 10)]


@pytest.mark.parametrize("holidays,makeup", [(HOLIDAYS_2025, MAKEUP_2025), (HOLIDAYS_2026, MAKEUP_2026)],
                         ids=["2025", "2026"])
def test_official_notice(holidays, makeup):
    year = makeup[0].year
    rest = {d for span in holidays.values() for d in span}
    for d in rest:
        assert not service.is_working_day(d), d
    for d in makeup:
        assert d.weekday() >= 5, f"{d} is a weekend day made a working day"
        assert service.is_working_day(d), d
    # Every other day of the year follows the week: nothing else moved.
    for d in days(date(year, 1, 1), date(year, 12, 31)):
        if d not in rest and d not in makeup:
            assert service.is_working_day(d) == (d.weekday() < 5), d


def test_working_days_per_year():
    # 261 weekdays − 18 weekday holidays + 5 make-up days; 2026: 261 − 19 + 6.
    assert service.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert service.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


@pytest.mark.parametrize("start,n,unit,due", [
    # 9-27 Sat off, 9-28 Sun make-up (1), 9-29 (2), 9-30 (3), 10-1..8 off, 10-9 (4), 10-10 (5),
    # 10-11 Sat make-up (6), 10-13 Mon (7).
    (date(2025, 9, 26), 7, WD, date(2025, 10, 13)),
    # 1-26 Sun make-up (1), 1-27 (2), 春节 1-28..2-4, 2-5 (3), 2-6 (4), 2-7 (5).
    (date(2025, 1, 24), 5, WD, date(2025, 2, 7)),
    (date(2025, 9, 30), 1, WD, date(2025, 10, 9)),
    # 2026 国庆: 10-8 (1), 10-9 (2), 10-10 Sat make-up (3), 10-12..15 (4..7).
    (date(2026, 9, 30), 7, WD, date(2026, 10, 15)),
    # 2026 春节: 2-13 (1), 2-14 Sat make-up (2), 2-24..27 (3..6), 2-28 Sat make-up (7), 3-2..4 (8..10).
    (date(2026, 2, 12), 10, WD, date(2026, 3, 4)),
    # 30 calendar days ending on 国庆 (2025-10-01): moved to the first working day, 10-09.
    (date(2025, 9, 1), 30, CD, date(2025, 10, 9)),
    # Ending on a Saturday that is a make-up working day: not moved.
    (date(2025, 9, 11), 30, CD, date(2025, 10, 11)),
    # Ending on an ordinary Saturday: moved to Monday.
    (date(2025, 3, 1), 14, CD, date(2025, 3, 17)),
    # Ending on a working day: exactly start + n.
    (date(2025, 3, 3), 15, CD, date(2025, 3, 18)),
    # Months: same day of month, clamped to the month's end, then moved off rest days.
    (date(2025, 1, 31), 1, MONTH, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, MONTH, date(2024, 2, 29)),
    (date(2025, 9, 1), 1, MONTH, date(2025, 10, 9)),
    (date(2025, 3, 15), 6, MONTH, date(2025, 9, 15)),
    # Clamped to 2026-02-28, a Saturday made a working day by the 2026 notice: not moved.
    (date(2025, 11, 30), 3, MONTH, date(2026, 2, 28)),
    # Clamped to 2025-02-28 (Fri).
    (date(2024, 11, 30), 3, MONTH, date(2025, 2, 28)),
    # 2025-03-31 + 2 months = 05-31 (端午) → 06-03.
    (date(2025, 3, 31), 2, MONTH, date(2025, 6, 3)),    (date(2024, 10, 1), 1, YEAR, date(2025, 10, 9)),
    (date(2024, 2, 29), 1, YEAR, date(2025, 2, 28)),
    # n = 0: the start day itself (moved to a working day for calendar units only).
    (date(2025, 10, 1), 0, CD, date(2025, 10, 9)),
    (date(2025, 10, 1), 0, WD, date(2025, 10, 1)),
    (date(2025, 10, 9), 0, CD, date(2025, 10, 9)),
])
def test_add(start, n, unit, due):
    assert service.add(start, n, unit) == due


def test_due_date_and_label():
    penalty = TimeLimit(90, DayUnit.CALENDAR_DAY, "行政处罚法第六十条")
    # 2025-07-03 + 90 days = 2025-10-01 (国庆) → 2025-10-09.
    assert service.due_date(date(2025, 7, 3), penalty) == date(2025, 10, 9)
    assert penalty.label() == "90日"
    assert TimeLimit(7, "working_day", "行政复议法第八十八条").label() == "7个工作日"
    assert TimeLimit(2, "month", "x").label() == "2个月"
    assert TimeLimit(1, "year", "x").label() == "1年"
    with pytest.raises(ValueError):
        TimeLimit(5, "fortnight", "x")
    with pytest.raises(ValueError):
        TimeLimit(-1, "working_day", "x")


def test_bad_arguments():
    with pytest.raises(ValueError, match="期限单位"):
        service.add(date(2025, 1, 1), 3, "week")
    with pytest.raises(ValueError, match="负数"):
        service.add(date(2025, 1, 1), -3, CD)


def test_next_working_day():
    assert service.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert service.next_working_day(date(2025, 10, 11)) == date(2025, 10, 11)
    assert service.next_working_day(date(2025, 10, 12)) == date(2025, 10, 13)
    assert service.next_working_day(date(2025, 10, 13)) == date(2025, 10, 13)


def test_working_days_between_and_left():
    assert service.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert service.working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert service.working_days_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    assert service.working_days_between(date(2025, 9, 26), date(2025, 10, 13)) == 7
    assert service.working_days_between(date(2025, 10, 13), date(2025, 9, 26)) == -7
    assert service.working_days_between(date(2025, 5, 5), date(2025, 5, 5)) == 0
    due = date(2025, 10, 13)
    assert service.working_days_left(due, today=date(2025, 9, 26)) == 7
    assert service.working_days_left(due, today=due) == 0
    assert service.working_days_left(due, today=date(2025, 10, 14)) == -1
    assert service.working_days_left(due, today=date(2025, 10, 12)) == 1  # Sunday: Monday is left


def test_working_days_left_defaults_to_today(today):
    today(date(2025, 9, 26))
    assert service.working_days_left(date(2025, 10, 13)) == 7


def test_add_working_days_backwards():
    # 10-11 Sat make-up (1), 10-10 (2), 10-9 (3), 9-30 (4), 9-29 (5), 9-28 Sun make-up (6), 9-26 (7).
    assert service.add_working_days(date(2025, 10, 13), -7) == date(2025, 9, 26)
    assert service.add_working_days(date(2025, 10, 13), -6) == date(2025, 9, 28)
    assert service.add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert service.add_working_days(date(2026, 1, 5), -2) == date(2025, 12, 31)


def test_crosses_years():
    # 2025-12-31 Wed: 2026-01-01..03 off, 01-04 Sun make-up (1), 01-05 Mon (2).
    assert service.add(date(2025, 12, 31), 2, WD) == date(2026, 1, 5)
    assert service.working_days_between(date(2025, 12, 30), date(2026, 1, 5)) == 3


def test_covered_years():
    years = service.covered_years()
    assert set(range(2004, 2027)) <= years
    assert 2027 not in years and 2003 not in years


# --- no data: never a weekend-only guess ------------------------------------------------------

MESSAGE_2027 = ("缺少2027年的节假日安排数据，无法按工作日计算期限。"
                "请系统管理员在“节假日与调休”中录入该年国务院放假通知。")


@pytest.mark.parametrize("call", [
    lambda: service.is_working_day(date(2027, 1, 4)),
    lambda: service.next_working_day(date(2027, 3, 1)),
    lambda: service.add(date(2026, 12, 20), 10, WD),
    lambda: service.add(date(2026, 12, 1), 31, CD),  # ends 2027-01-01
    lambda: service.add(date(2026, 6, 1), 1, YEAR),
    lambda: service.working_days_between(date(2026, 12, 1), date(2027, 1, 10)),
    lambda: service.working_days_left(date(2027, 2, 1), today=date(2026, 12, 1)),
    lambda: service.due_date(date(2026, 12, 28), TimeLimit(5, WD, "x")),
])
def test_year_without_data_raises(call):
    with pytest.raises(NoHolidayData) as exc:
        call()
    assert exc.value.year == 2027
    assert str(exc.value) == MESSAGE_2027
    assert isinstance(exc.value, ValidationError)
    assert exc.value.messages == [MESSAGE_2027]


def test_year_before_the_package_raises():
    with pytest.raises(NoHolidayData, match="2003年"):
        service.is_working_day(date(2003, 6, 2))


def test_edges_do_not_need_the_next_year():
    assert service.working_days_between(date(2026, 12, 31), date(2026, 12, 31)) == 0
    assert service.add(date(2026, 12, 30), 1, WD) == date(2026, 12, 31)
    assert service.working_days_between(date(2026, 12, 1), date(2026, 12, 31)) == 22


# --- the administrators' table ---------------------------------------------------------------


def test_override_holiday_changes_result():
    assert service.add(date(2025, 9, 1), 30, CD) == date(2025, 10, 9)
    CalendarDay.objects.create(date=date(2025, 10, 9), kind=CalendarDay.Kind.HOLIDAY, name="台风停工",
                               basis="市政府通告")
    # The post_save signal dropped the cache: no clear_cache() needed.
    assert not service.is_working_day(date(2025, 10, 9))
    assert service.add(date(2025, 9, 1), 30, CD) == date(2025, 10, 10)
    assert service.working_days_between(date(2025, 9, 30), date(2025, 10, 10)) == 1


def test_override_workday_changes_result():
    assert service.add(date(2025, 3, 1), 14, CD) == date(2025, 3, 17)
    day = CalendarDay.objects.create(date=date(2025, 3, 15), kind=CalendarDay.Kind.WORKDAY, name="调休",
                                     basis="测试")
    assert service.add(date(2025, 3, 1), 14, CD) == date(2025, 3, 15)
    assert service.add(date(2025, 3, 14), 1, WD) == date(2025, 3, 15)
    day.kind = CalendarDay.Kind.HOLIDAY
    day.save()
    assert service.add(date(2025, 3, 14), 1, WD) == date(2025, 3, 17)
    day.delete()
    assert service.add(date(2025, 3, 1), 14, CD) == date(2025, 3, 17)


def test_override_can_reverse_a_package_holiday():
    CalendarDay.objects.create(date=date(2025, 10, 8), kind=CalendarDay.Kind.WORKDAY, basis="更正")
    assert service.add(date(2025, 9, 30), 1, WD) == date(2025, 10, 8)


def enter_2027():
    """What an administrator enters once the 2027 notice is out (an invented example)."""
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦", basis="2027年通知")
    for d in days(date(2027, 2, 6), date(2027, 2, 12)):
        CalendarDay.objects.create(date=d, kind="holiday", name="春节", basis="2027年通知")
    CalendarDay.objects.create(date=date(2027, 2, 20), kind="workday", name="春节", basis="2027年通知")
    HolidayYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知")


def test_holiday_year_makes_2027_computable():
    with pytest.raises(NoHolidayData):
        service.add(date(2026, 12, 30), 2, WD)
    enter_2027()
    assert 2027 in service.covered_years()
    # 12-31 Thu (1), 2027-01-01 Fri 元旦, weekend, 01-04 Mon (2).
    assert service.add(date(2026, 12, 30), 2, WD) == date(2027, 1, 4)
    assert not service.is_working_day(date(2027, 1, 9))  # an ordinary Saturday
    assert service.is_working_day(date(2027, 2, 20))  # the make-up Saturday
    # 2-5 Fri (1), 春节 2-6..12, 2-15 Mon (2).
    assert service.add(date(2027, 2, 4), 2, WD) == date(2027, 2, 15)
    assert service.add(date(2026, 12, 2), 30, CD) == date(2027, 1, 4)
    # Still no data for 2028.
    with pytest.raises(NoHolidayData, match="2028"):
        service.add(date(2027, 12, 20), 15, WD)


def test_calendar_days_alone_do_not_cover_a_year():
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦", basis="x")
    with pytest.raises(NoHolidayData):
        service.is_working_day(date(2027, 1, 4))


def test_deleting_holiday_year_uncovers_it():
    enter_2027()
    assert service.is_working_day(date(2027, 1, 4))
    HolidayYear.objects.get(year=2027).delete()
    with pytest.raises(NoHolidayData):
        service.is_working_day(date(2027, 1, 4))


# --- speed and the cache ----------------------------------------------------------------------


def test_long_spans_cost_two_queries_then_none(django_assert_num_queries):
    with django_assert_num_queries(2):
        total = service.working_days_between(date(2004, 1, 1), date(2026, 12, 31))
    assert 5500 < total < 5800
    with django_assert_num_queries(0):
        assert service.working_days_between(date(2004, 1, 1), date(2026, 12, 31)) == total
        service.add(date(2004, 1, 1), 5000, WD)
        service.is_working_day(date(2015, 5, 1))


def test_request_start_verifies_against_other_processes(django_assert_num_queries):
    day = CalendarDay.objects.create(date=date(2025, 3, 15), kind="workday", basis="测试")
    assert service.is_working_day(date(2025, 3, 15))
    # Another process changes the row: no signal reaches this one.
    CalendarDay.objects.filter(pk=day.pk).update(kind="holiday", updated_at=timezone.now())
    assert service.is_working_day(date(2025, 3, 15))  # this request keeps its snapshot
    # What request_started triggers (sending the signal itself would also close the test's
    # database connection through Django's close_old_connections receiver).
    assert any(key[0] == "calendar_cache_request" for key, *_rest in request_started.receivers)
    service.mark_for_verification()
    assert not service.is_working_day(date(2025, 3, 15))
    # Unchanged tables: one request costs the two fingerprint queries, no reload.
    service.mark_for_verification()
    with django_assert_num_queries(2):
        service.is_working_day(date(2025, 3, 15))
    with django_assert_num_queries(0):
        service.is_working_day(date(2025, 3, 16))


def test_snapshot_is_verified_after_a_while(monkeypatch):
    day = CalendarDay.objects.create(date=date(2025, 3, 15), kind="workday", basis="测试")
    assert service.is_working_day(date(2025, 3, 15))
    with connection.cursor() as cursor:  # deleted by "another process": no signal here
        cursor.execute("DELETE FROM calendar_calendarday WHERE id = %s", [day.pk])
    assert service.is_working_day(date(2025, 3, 15))
    monkeypatch.setattr(service, "VERIFY_AFTER_SECONDS", -1.0)
    assert not service.is_working_day(date(2025, 3, 15))


def test_no_holiday_data_pickles():
    import pickle

    err = pickle.loads(pickle.dumps(NoHolidayData(2027)))
    assert err.year == 2027 and "2027" in str(err)


def test_package_years_match_the_package_day_by_day():
    import chinese_calendar

    for year in (2004, 2015, 2020, 2024, 2025, 2026):
        for d in days(date(year, 1, 1), date(year, 12, 31)):
            assert service.is_working_day(d) == chinese_calendar.is_workday(d), d
