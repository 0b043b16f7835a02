"""`fazhi figures`: compute the registered figures for a region and period, as JSON or a table."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.access import SYSTEM
from fazhi.core.models import Region, Unit
from fazhi.figures import registry


def text_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - text_width(text))
    return space + text if right else text + space


def format_table(rows: list[list[str]], right_align: frozenset[int] = frozenset()) -> str:
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [pad(cell, widths[i], i in right_align and n > 0) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{option} 的日期“{value}”无效，应为 YYYY-MM-DD 格式（如 2025-01-01）。") from None


class Command(BaseCommand):
    help = ("计算统计指标（以系统身份，统计全部记录）。"
            "不指定 --region 时统计全部区划（整个组织树）；不指定 --from/--to 时统计本年（1月1日至12月31日）。")

    def add_arguments(self, parser):
        parser.add_argument("--region", metavar="CODE",
                            help="区划代码，统计该区划及其全部下级；省略则统计全部区划（整个组织树）")
        parser.add_argument("--from", dest="start", metavar="DATE", help="开始日期（含），YYYY-MM-DD；默认本年1月1日")
        parser.add_argument("--to", dest="end", metavar="DATE", help="结束日期（含），YYYY-MM-DD；默认本年12月31日")
        parser.add_argument("--unit", metavar="ID", help="单位编号，只统计该单位及其下属单位")
        parser.add_argument("--key", metavar="PREFIX", help="只计算键以此开头的指标，如 tree.units")
        parser.add_argument("--format", choices=["table", "json"], default="table", help="输出格式（默认 table）")

    def handle(self, *args, **options):
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        if start is None and end is None:
            start, end = registry.this_year()
        if start and end and start > end:
            raise CommandError(f"开始日期 {start} 晚于结束日期 {end}。")
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"].strip()).first()
            if region is None:
                raise CommandError(f"区划代码“{options['region']}”不存在。")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(pk=int(options["unit"])).first() if options["unit"].isdigit() else None
            if unit is None:
                raise CommandError(f"单位编号“{options['unit']}”不存在。")
        selected = registry.figures(prefix=options["key"])
        if not selected:
            raise CommandError(f"没有键以“{options['key']}”开头的指标。")
        values = registry.compute_many(selected, user=SYSTEM, region=region, unit=unit, start=start, end=end)
        if options["format"] == "json":
            self.stdout.write(json.dumps([v.as_dict() for v in values], ensure_ascii=False, indent=2))
            return
        where = f"{region.name}（{region.code}）" if region else "全部区划"
        if unit:
            where += f" · {unit.name}"
        self.stdout.write(f"{where} · {start or '—'} 至 {end or '—'}")
        rows = [["指标", "数值", "键"]] + [[v.label, v.display, v.key] for v in values]
        self.stdout.write(format_table(rows, right_align=frozenset({1})))
