"""`fazhi casereviews verify-draw ID [--file published.json]`: recompute a case-review draw.

Recomputes the picks from the PUBLISHED inputs and the revealed seed (what the portal page shows and
offers as JSON), checks the two hashes published before the draw, prints 一致 or 不一致 with the reasons,
and exits 1 on disagreement. With --file the check reads the downloaded JSON instead of the database.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from fazhi.casereviews.models import ReviewPlan
from fazhi.casereviews.sampling import verify_published


class Command(BaseCommand):
    help = "案卷评查：验证案卷抽取结果（verify-draw ID）"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify-draw", help="由公开的抽取输入和随机种子重算案卷抽取结果")
        verify.add_argument("plan_id", type=int)
        verify.add_argument("--file", help="从门户下载的抽取公开 JSON 文件（不读数据库）")

    def handle(self, *args, action: str, plan_id: int, file: str | None = None, **options) -> None:
        if file:
            try:
                with open(file, encoding="utf-8") as handle:
                    published = json.load(handle)
            except (OSError, ValueError) as exc:
                raise CommandError(gettext("无法读取文件“%(f)s”：%(e)s") % {"f": file, "e": exc}) from None
            if published.get("plan") != plan_id:
                raise CommandError(gettext("文件中的计划编号与%(id)d不符。") % {"id": plan_id})
        else:
            plan = ReviewPlan.objects.filter(pk=plan_id).first()
            if plan is None:
                raise CommandError(gettext("找不到编号为%(id)d的评查计划。") % {"id": plan_id})
            published = plan.published_draw()
        problems = verify_published(published)
        if problems:
            self.stdout.write(gettext("不一致：评查计划%(id)d的案卷抽取结果无法由公开的输入重算得出。") % {"id": plan_id})
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            sys.exit(1)
        self.stdout.write(gettext("一致：评查计划%(id)d的案卷抽取结果可由公开的输入和随机种子重算得出（%(n)d份案卷）。") % {
            "id": plan_id, "n": len(published["picks"])})
