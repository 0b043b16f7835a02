from datetime import date

import pytest

from fazhi.calendar.models import CalendarDay, HolidayYear

pytestmark = pytest.mark.django_db

BASE = "/api/v1/calendar"


def test_requires_authentication(client):
    response = client.get(f"{BASE}/add", {"date": "2025-09-26", "n": 7, "unit": "working_day"})
    assert response.status_code == 401


def test_add(staff_client, today):
    today(date(2025, 9, 26))
    response = staff_client.get(f"{BASE}/add", {"date": "2025-09-26", "n": 7, "unit": "working_day"})
    assert response.status_code == 200, response.content
    assert response.json() == {"start": "2025-09-26", "n": 7, "unit": "working_day", "due": "2025-10-13",
                               "basis": None, "working_days_left": 7}


def test_add_calendar_days_and_overdue(staff_client, today):
    today(date(2025, 10, 10))
    data = staff_client.get(f"{BASE}/add", {"date": "2025-09-01", "n": 30, "unit": "calendar_day"}).json()
    assert data["due"] == "2025-10-09"
    assert data["working_days_left"] == -1


def test_between(staff_client):
    response = staff_client.get(f"{BASE}/between", {"start": "2025-09-26", "end": "2025-10-13"})
    assert response.json() == {"start": "2025-09-26", "end": "2025-10-13", "working_days": 7}


def test_days(staff_client):
    CalendarDay.objects.create(date=date(2025, 10, 9), kind="holiday", name="台风停工", basis="市政府通告")
    CalendarDay.objects.create(date=date(2026, 3, 14), kind="workday", name="调休", basis="某通知")
    data = staff_client.get(f"{BASE}/days", {"year": 2025}).json()
    assert data == [{"date": "2025-10-09", "kind": "holiday", "kind_label": "休息日/节假日", "name": "台风停工",
                     "basis": "市政府通告"}]
    assert [d["date"] for d in staff_client.get(f"{BASE}/days").json()] == ["2025-10-09", "2026-03-14"]


def test_override_changes_api(staff_client, today):
    today(date(2025, 9, 26))
    CalendarDay.objects.create(date=date(2025, 10, 13), kind="holiday", name="停工", basis="测试")
    data = staff_client.get(f"{BASE}/add", {"date": "2025-09-26", "n": 7, "unit": "working_day"}).json()
    assert data["due"] == "2025-10-14"


def test_year_without_data_is_422(staff_client, today):
    today(date(2026, 12, 1))
    response = staff_client.get(f"{BASE}/add", {"date": "2026-12-20", "n": 10, "unit": "working_day"})
    assert response.status_code == 422
    assert response.json()["detail"] == ("缺少2027年的节假日安排数据，无法按工作日计算期限。"
                                         "请系统管理员在“节假日与调休”中录入该年国务院放假通知。")
    response = staff_client.get(f"{BASE}/between", {"start": "2026-12-01", "end": "2027-01-10"})
    assert response.status_code == 422 and "2027" in response.json()["detail"]


def test_holiday_year_makes_2027_computable(staff_client, today):
    today(date(2026, 12, 1))
    HolidayYear.objects.create(year=2027, notice="测试通知")
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦", basis="测试通知")
    data = staff_client.get(f"{BASE}/add", {"date": "2026-12-30", "n": 2, "unit": "working_day"}).json()
    assert data["due"] == "2027-01-04"
    assert data["working_days_left"] == 23


@pytest.mark.parametrize("params", [
    {"date": "2025-09-26", "n": 7, "unit": "week"},
    {"date": "2025-02-30", "n": 7, "unit": "working_day"},
    {"date": "2025-09-26", "n": -1, "unit": "working_day"},
    {"date": "2025-09-26", "unit": "working_day"},
])
def test_bad_parameters_are_422(staff_client, params):
    response = staff_client.get(f"{BASE}/add", params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("请求参数有误")


@pytest.mark.parametrize("params", [
    {"date": "9999-12-31", "n": 1, "unit": "year"},  # ValueError: year 10000 is out of range (a 500)
    {"date": "9999-12-31", "n": 1, "unit": "month"},
    {"date": "9999-12-31", "n": 1, "unit": "calendar_day"},  # OverflowError
])
def test_due_date_past_year_9999_is_422(staff_client, params):
    response = staff_client.get(f"{BASE}/add", params)
    assert response.status_code == 422
    assert response.json()["detail"] == "期限超出可计算的日期范围。"


def test_today_without_data_is_422(staff_client, today):
    today(date(2027, 3, 1))
    response = staff_client.get(f"{BASE}/add", {"date": "2025-09-26", "n": 7, "unit": "working_day"})
    assert response.status_code == 422
    assert "缺少2027年" in response.json()["detail"]
