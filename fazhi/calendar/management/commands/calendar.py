"""`fazhi calendar add DATE N UNIT` and `fazhi calendar between DATE DATE`.

    $ fazhi calendar add 2025-09-26 7 working_day
    2025-10-14
    $ fazhi calendar between 2025-09-26 2025-10-14
    7
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from fazhi.calendar import service
from fazhi.calendar.service import DayUnit, NoHolidayData


def parse_date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(gettext("日期“%(value)s”无效，应为 YYYY-MM-DD，例如 2025-09-26。")
                           % {"value": text}) from None


def parse_n(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise CommandError(gettext("期限数值“%(value)s”无效，应为非负整数。") % {"value": text}) from None
    if n < 0:
        raise CommandError(gettext("期限数值“%(value)s”无效，应为非负整数。") % {"value": text})
    return n


def parse_unit(text: str) -> str:
    if text not in DayUnit.values:
        raise CommandError(gettext("期限单位“%(value)s”无效，可用：%(units)s。")
                           % {"value": text, "units": "、".join(DayUnit.values)})
    return text


class Command(BaseCommand):
    help = "法定期限计算：add 计算届满日，between 计算两日之间（不含起始日、含截止日）的工作日数。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between}")
        add = sub.add_parser("add", help="计算届满日：DATE N UNIT，输出 YYYY-MM-DD")
        add.add_argument("date", help="起算事件发生日 YYYY-MM-DD（期限自次日起算）")
        add.add_argument("n", help="期限数值（非负整数）")
        add.add_argument("unit", help="期限单位：calendar_day、working_day、month、year")
        between = sub.add_parser("between", help="两日之间的工作日数：START END，输出整数")
        between.add_argument("start", help="起始日期 YYYY-MM-DD（不含）")
        between.add_argument("end", help="截止日期 YYYY-MM-DD（含）")

    def handle(self, *args, **options):
        try:
            if options["action"] == "add":
                start = parse_date(options["date"])
                n = parse_n(options["n"])
                unit = parse_unit(options["unit"])
                try:
                    due = service.add(start, n, unit)
                except OverflowError:
                    raise CommandError(gettext("期限超出可计算的日期范围。")) from None
                self.stdout.write(due.isoformat())
            else:
                start = parse_date(options["start"])
                end = parse_date(options["end"])
                self.stdout.write(str(service.working_days_between(start, end)))
        except NoHolidayData as exc:
            raise CommandError(str(exc)) from exc
