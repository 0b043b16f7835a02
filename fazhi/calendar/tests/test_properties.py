"""Hypothesis properties of the counting rules, on the package's data (2020–2026)."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.calendar import service

pytestmark = pytest.mark.django_db

# Late enough in 2026 that 60 working / calendar days never reach 2027 (which has no data).
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 9, 30))
any_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))
counts = st.integers(min_value=0, max_value=60)
check = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@check
@given(d=dates, n=counts)
def test_between_inverts_add(d, n):
    assert service.working_days_between(d, service.add(d, n, "working_day")) == n


@check
@given(d=dates, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day(d, n):
    due = service.add(d, n, "working_day")
    assert due > d
    assert service.is_working_day(due)
    assert chinese_calendar.is_workday(due)


@check
@given(d=dates, n=st.integers(min_value=0, max_value=59))
def test_add_working_days_strictly_increasing(d, n):
    assert service.add(d, n, "working_day") < service.add(d, n + 1, "working_day")


@check
@given(d=dates, n=counts)
def test_calendar_days_end_on_a_working_day_not_before_start_plus_n(d, n):
    due = service.add(d, n, "calendar_day")
    assert due >= d + timedelta(days=n)
    assert service.is_working_day(due)
    # Moved only across rest days: every day from start + n up to the due date is a rest day.
    for k in range((due - (d + timedelta(days=n))).days):
        assert not chinese_calendar.is_workday(d + timedelta(days=n + k))


@check
@given(a=any_dates, b=any_dates, c=any_dates)
def test_between_is_additive(a, b, c):
    ab = service.working_days_between(a, b)
    assert ab == -service.working_days_between(b, a)
    assert ab + service.working_days_between(b, c) == service.working_days_between(a, c)


@check
@given(a=any_dates, span=st.integers(min_value=0, max_value=400))
def test_between_matches_a_day_by_day_count(a, span):
    b = min(a + timedelta(days=span), date(2026, 12, 31))
    expected = sum(chinese_calendar.is_workday(a + timedelta(days=k)) for k in range(1, (b - a).days + 1))
    assert service.working_days_between(a, b) == expected


@check
@given(d=dates, n=counts)
def test_backwards_inverts_forwards_from_a_working_day(d, n):
    start = service.next_working_day(d)
    assert service.add_working_days(service.add_working_days(start, n), -n) == start
