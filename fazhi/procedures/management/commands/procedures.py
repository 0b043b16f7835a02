"""`fazhi procedures sync|list`: sync the default time-limit rules from the declarations; list procedures."""

from django.core.management.base import BaseCommand

from fazhi.core.access import SYSTEM
from fazhi.procedures.engine import all_procedures
from fazhi.procedures.services import sync_rules


class Command(BaseCommand):
    help = "同步期限规则（默认值来自程序声明）或列出已声明的办理程序"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync", "list"])
        parser.add_argument("--dry-run", action="store_true", help="只报告，不修改")

    def handle(self, *args, action, dry_run=False, **options):
        if action == "list":
            for p in all_procedures():
                self.stdout.write(f"{p.model}  {p.label}")
                self.stdout.write("  状态：" + "、".join(f"{s.key}={s.label}" for s in p.states))
                for t in p.transitions:
                    self.stdout.write(f"  {t.key}：{t.label}（{'/'.join(t.source)} → {t.target}）")
                for lim in p.limits:
                    self.stdout.write(f"  期限 {lim.key}：{lim.label} {lim.time_limit.label()}（{lim.basis}）")
            return
        report = sync_rules(actor=SYSTEM, update=True, dry_run=dry_run)
        prefix = "[dry-run] " if dry_run else ""
        for key in report.created:
            self.stdout.write(f"{prefix}新增默认规则 {key}")
        for key in report.updated:
            self.stdout.write(f"{prefix}按声明更新默认规则 {key}")
        for key in report.undeclared:
            self.stdout.write(self.style.WARNING(f"规则 {key} 已无程序声明（保留，未删除）"))
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}新增 {len(report.created)}，更新 {len(report.updated)}，未声明 {len(report.undeclared)}"))
