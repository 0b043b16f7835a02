"""`fazhi report annual --region CODE --year YYYY --out FILE.docx|.pdf`: the annual report of a region.

Computed as SYSTEM (every record) for the region and the calendar year, from the same registry as
`fazhi figures`, so the numbers in the file equal `fazhi figures --region CODE --from YYYY-01-01
--to YYYY-12-31`. The narrative parts are empty: this is the generated draft.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from fazhi.core.access import SYSTEM
from fazhi.core.models import Region
from fazhi.procedures import clock
from fazhi.reports import content, export, services
from fazhi.reports.models import FIRST_YEAR

FORMATS = {".docx": export.docx_bytes, ".pdf": export.pdf_bytes}


class Command(BaseCommand):
    help = "生成年度报告（以系统身份统计区划内全部记录）：fazhi report annual --region 代码 --year 年度 --out 文件.docx|.pdf"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"], help="报告类别：annual（法治政府建设年度报告）")
        parser.add_argument("--region", metavar="CODE", required=True, help="区划代码，统计该区划及其全部下级")
        parser.add_argument("--year", metavar="YYYY", required=True, help="报告年度，如 2025")
        parser.add_argument("--out", metavar="FILE", required=True, help="输出文件，扩展名 .docx 或 .pdf")
        parser.add_argument("--base-url", default="", metavar="URL",
                            help="平台地址（如 https://fazhi.example.gov.cn），用于文件中指标口径和记录的链接")

    def handle(self, *args, **options):
        code = options["region"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"区划代码“{code}”不存在。")
        text = options["year"].strip()
        last = clock.today().year
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= last:
            raise CommandError(f"报告年度“{text}”无效，应为{FIRST_YEAR}年至{last}年之间的四位年份。")
        year = int(text)
        out = Path(options["out"])
        write = FORMATS.get(out.suffix.lower())
        if write is None:
            raise CommandError(f"输出文件“{out}”的扩展名应为 .docx 或 .pdf。")
        if not out.parent.exists():
            raise CommandError(f"输出目录“{out.parent}”不存在。")
        figures = services.compute_figures(user=SYSTEM, region=region, year=year)
        doc = content.build(
            title=gettext("%(region)s%(year)d年度法治政府建设情况报告") % {"region": region.name, "year": year},
            unit_name=region.name, region_name=region.name, region_code=region.code, year=year,
            figures=figures, narratives={})
        data = write(doc, base_url=options["base_url"].rstrip("/"))
        # Write to a temporary file first: an interrupted export never leaves half a report.
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
        self.stdout.write(f"{out}：{region.name}（{region.code}）{year}年度，{len(doc.rows)}项指标，{len(data)}字节")
