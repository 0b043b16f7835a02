"""The `verify-draw ID [--file published.json]` command shared by every verifiable draw (random
inspections, case-file reviews).

It recomputes the picks from the PUBLISHED inputs and the revealed seed (what the portal page shows
and offers as JSON), checks the two hashes published before the draw, prints 一致 or 不一致 with the
reasons, and exits 1 on disagreement. With --file it reads the downloaded JSON instead of the
database: a third party needs nothing but that file and draw.py's description.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from fazhi.randominspections.draw import verify_published


class VerifyDrawCommand(BaseCommand):
    """Subclasses name the plan model (with `published_draw()`) and how its plans and picks are called."""

    plan_model: Any = None
    plan_word = ""   # 抽查计划 / 评查计划
    picks_word = ""  # 个检查对象 / 份案卷

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify-draw", help=gettext("由公开的抽取输入和随机种子重算抽取结果"))
        verify.add_argument("plan_id", type=int)
        verify.add_argument("--file", help=gettext("从门户下载的抽取公开 JSON 文件（不读数据库）"))

    def handle(self, *args, action: str, plan_id: int, file: str | None = None, **options) -> None:
        words = {"id": plan_id, "plan": str(self.plan_word)}
        if file:
            try:
                with open(file, encoding="utf-8") as handle:
                    published = json.load(handle)
            except (OSError, ValueError) as exc:
                raise CommandError(gettext("无法读取文件“%(f)s”：%(e)s") % {"f": file, "e": exc}) from None
            if published.get("plan") != plan_id:
                raise CommandError(gettext("文件中的计划编号与%(id)d不符。") % {"id": plan_id})
        else:
            plan = self.plan_model.objects.filter(pk=plan_id).first()
            if plan is None:
                raise CommandError(gettext("找不到编号为%(id)d的%(plan)s。") % words)
            published = plan.published_draw()
        problems = verify_published(published)
        if problems:
            self.stdout.write(gettext("不一致：%(plan)s%(id)d的抽取结果无法由公开的输入重算得出。") % words)
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            sys.exit(1)
        self.stdout.write(gettext("一致：%(plan)s%(id)d的抽取结果可由公开的输入和随机种子重算得出（%(n)d%(what)s）。") % {
            **words, "n": len(published["picks"]), "what": str(self.picks_word)})
