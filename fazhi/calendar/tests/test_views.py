import re
from datetime import date

import pytest
from django.urls import reverse

from fazhi.calendar.models import CalendarDay, HolidayYear

pytestmark = pytest.mark.django_db

URL = reverse("calendar:calculator")


def text(response) -> str:
    return response.content.decode()


def test_paths():
    assert URL == "/calendar/"
    assert reverse("calendar:days") == "/calendar/days/"


@pytest.mark.parametrize("name", ["calendar:calculator", "calendar:days"])
def test_login_required(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_empty_page_has_both_labelled_forms(staff_client):
    page = text(staff_client.get(URL))
    assert "<title>期限计算" in page
    for field_id, label in [("id_date", "开始日期"), ("id_n", "期限数值"), ("id_unit", "期限单位"),
                            ("id_start", "起始日期"), ("id_end", "截止日期")]:
        assert f'<label for="{field_id}">{label}</label>' in page
        assert f'id="{field_id}"' in page
    assert page.count('method="get"') >= 2
    assert 'type="date"' in page
    assert "日（自然日）" in page and "工作日" in page
    assert "errorlist" not in page  # unbound forms show no errors


def test_due_date_with_weekday_and_working_days_left(staff_client, today):
    today(date(2025, 9, 26))
    page = text(staff_client.get(URL, {"date": "2025-09-26", "n": "7", "unit": "working_day"}))
    assert '<strong class="due-date">2025-10-13</strong>' in page
    assert '<span class="weekday">星期一</span>' in page
    assert 'data-value="7"' in page and "剩余 7 个工作日" in page
    assert "7个工作日" in page


def test_overdue_is_negative(staff_client, today):
    today(date(2025, 10, 15))
    page = text(staff_client.get(URL, {"date": "2025-09-26", "n": "7", "unit": "working_day"}))
    assert 'data-value="-2"' in page
    assert "已超期 2 个工作日" in page and "status-overdue" in page


def test_calendar_days_moved_off_a_holiday_are_explained(staff_client, today):
    today(date(2025, 9, 1))
    page = text(staff_client.get(URL, {"date": "2025-09-01", "n": "30", "unit": "calendar_day"}))
    assert '<strong class="due-date">2025-10-09</strong>' in page
    assert '<span class="weekday">星期四</span>' in page
    assert "期间最后一日 2025-10-01（星期三）为休息日或法定节假日" in page


def test_between_form(staff_client):
    page = text(staff_client.get(URL, {"start": "2025-09-26", "end": "2025-10-13"}))
    assert '<strong class="working-days">7</strong>' in page
    assert "due-date" not in page  # the other form stays unbound


def test_both_forms_at_once(staff_client, today):
    today(date(2025, 9, 26))
    page = text(staff_client.get(URL, {"date": "2025-09-26", "n": "7", "unit": "working_day",
                                       "start": "2025-09-30", "end": "2025-10-09"}))
    assert '<strong class="due-date">2025-10-13</strong>' in page
    assert '<strong class="working-days">1</strong>' in page
    # Each form carries the other's values, so resubmitting one keeps both results.
    assert '<input type="hidden" name="start" value="2025-09-30">' in page
    assert '<input type="hidden" name="unit" value="working_day">' in page


def test_override_changes_page(staff_client, today):
    today(date(2025, 9, 26))
    CalendarDay.objects.create(date=date(2025, 10, 13), kind="holiday", name="停工", basis="测试")
    page = text(staff_client.get(URL, {"date": "2025-09-26", "n": "7", "unit": "working_day"}))
    assert '<strong class="due-date">2025-10-14</strong>' in page


def field_errors(page: str, field_id: str) -> str:
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', page, re.S)
    assert match, f"no errors shown next to {field_id}"
    return match.group(1)


def test_field_errors_in_chinese_next_to_the_field(staff_client):
    page = text(staff_client.get(URL, {"date": "2025-02-30", "n": "-1", "unit": "week"}))
    assert "请输入有效日期" in field_errors(page, "id_date")
    assert "期限数值不能为负数" in field_errors(page, "id_n")
    assert "请选择有效的期限单位" in field_errors(page, "id_unit")
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_date"|<input[^>]*id="id_date"[^>]*aria-invalid="true"',
                     page)
    assert 'aria-describedby="id_date_helptext id_date_error"' in page
    assert "due-date" not in page


def test_missing_fields(staff_client):
    page = text(staff_client.get(URL, {"date": "2025-01-01"}))
    assert "请填写期限数值" in field_errors(page, "id_n")
    page = text(staff_client.get(URL, {"start": "2025-01-01"}))
    assert "请填写截止日期" in field_errors(page, "id_end")


def test_year_without_data_shows_the_error(staff_client):
    page = text(staff_client.get(URL, {"date": "2026-12-20", "n": "10", "unit": "working_day"}))
    assert "缺少2027年的节假日安排数据" in field_errors(page, "id_n")
    assert "due-date" not in page
    page = text(staff_client.get(URL, {"date": "2027-01-04", "n": "1", "unit": "calendar_day"}))
    assert "缺少2027年的节假日安排数据" in field_errors(page, "id_date")
    page = text(staff_client.get(URL, {"start": "2026-12-01", "end": "2027-01-10"}))
    assert "缺少2027年" in field_errors(page, "id_end")


def test_today_without_data_still_shows_the_due_date(staff_client, today):
    today(date(2027, 3, 1))
    page = text(staff_client.get(URL, {"date": "2025-09-26", "n": "7", "unit": "working_day"}))
    assert '<strong class="due-date">2025-10-13</strong>' in page
    assert "缺少2027年的节假日安排数据" in page


def test_holiday_year_makes_2027_computable_on_the_page(staff_client, today):
    today(date(2026, 12, 1))
    HolidayYear.objects.create(year=2027, notice="测试通知")
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦", basis="测试通知")
    page = text(staff_client.get(URL, {"date": "2026-12-30", "n": "2", "unit": "working_day"}))
    assert '<strong class="due-date">2027-01-04</strong>' in page


def test_days_page(staff_client, today):
    today(date(2026, 11, 22))
    CalendarDay.objects.create(date=date(2025, 10, 9), kind="holiday", name="台风停工", basis="市政府通告")
    CalendarDay.objects.create(date=date(2026, 3, 14), kind="workday", name="调休", basis="某通知")
    page = text(staff_client.get(reverse("calendar:days")))
    assert "台风停工" in page and "市政府通告" in page and "2025-10-09" in page and "星期四" in page
    assert "调休上班日" in page
    assert "2004–2026年" in page
    assert "尚未录入2027年的节假日安排" in page
    page = text(staff_client.get(reverse("calendar:days"), {"year": "2026"}))
    assert "台风停工" not in page and "某通知" in page


def test_days_page_lists_holiday_years(staff_client, today):
    today(date(2026, 11, 22))
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦", basis="测试通知")
    HolidayYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知")
    page = text(staff_client.get(reverse("calendar:days")))
    assert "2027年：国务院办公厅关于2027年部分节假日安排的通知" in page
    assert "尚未录入2027年" not in page
    assert re.search(r'class="covered-years">[^<]*2026、2027<', page)
