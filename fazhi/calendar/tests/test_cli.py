from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from fazhi.calendar.models import CalendarDay, HolidayYear

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_add_working_days():
    assert run("add", "2025-09-26", "7", "working_day") == "2025-10-13\n"


def test_add_calendar_days_moved_off_the_holiday():
    assert run("add", "2025-09-01", "30", "calendar_day") == "2025-10-09\n"


def test_add_month_and_year():
    assert run("add", "2025-01-31", "1", "month") == "2025-02-28\n"
    assert run("add", "2024-10-01", "1", "year") == "2025-10-09\n"


def test_between():
    assert run("between", "2025-09-26", "2025-10-13") == "7\n"
    assert run("between", "2025-10-13", "2025-09-26") == "-7\n"


def test_override_is_used():
    CalendarDay.objects.create(date=date(2025, 10, 13), kind="holiday", name="停工", basis="测试")
    assert run("add", "2025-09-26", "7", "working_day") == "2025-10-14\n"


def test_holiday_year_2027():
    with pytest.raises(CommandError, match="缺少2027年的节假日安排数据"):
        run("add", "2026-12-28", "5", "working_day")
    HolidayYear.objects.create(year=2027, notice="测试通知")
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦", basis="测试通知")
    # 12-29 (1), 12-30 (2), 12-31 (3), 01-01 元旦, weekend, 01-04 (4), 01-05 (5).
    assert run("add", "2026-12-28", "5", "working_day") == "2027-01-05\n"


@pytest.mark.parametrize("args,message", [
    (("add", "2026-12-28", "5", "working_day"), "缺少2027年的节假日安排数据"),
    (("between", "2026-12-01", "2027-01-08"), "缺少2027年"),
    (("add", "2025-02-30", "5", "working_day"), "日期“2025-02-30”无效"),
    (("add", "26-1-1", "5", "working_day"), "应为 YYYY-MM-DD"),
    (("add", "2025-01-01", "五", "working_day"), "期限数值“五”无效"),
    (("add", "2025-01-01", "-1", "working_day"), "期限数值“-1”无效"),
    (("add", "2025-01-01", "5", "week"), "期限单位“week”无效"),
    (("between", "2025-01-01", "tomorrow"), "日期“tomorrow”无效"),
])
def test_errors_raise_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_error_exits_non_zero_with_chinese_stderr(monkeypatch, capsys):
    # run_from_argv closes the connections afterwards: keep the test transaction usable.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    command = load_command_class("fazhi.calendar", "calendar")
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["fazhi", "calendar", "add", "2026-12-28", "5", "working_day"])
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert "缺少2027年的节假日安排数据" in captured.err
    assert captured.out == ""


def test_success_exits_zero(monkeypatch, capsys):
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    command = load_command_class("fazhi.calendar", "calendar")
    command.run_from_argv(["fazhi", "calendar", "between", "2025-09-30", "2025-10-09"])
    assert capsys.readouterr().out == "1\n"
