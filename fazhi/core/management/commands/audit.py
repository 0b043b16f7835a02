"""`fazhi audit verify` checks the whole audit chain; `fazhi audit show --object core.unit:12` lists
one object's events."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import AuditEvent

ACTIONS = {"create": "创建", "update": "修改", "delete": "删除"}


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _json(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Command(BaseCommand):
    help = "审计链：verify 校验整条链；show --object 类型:编号 列出一个对象的审计事件。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", title="子命令", required=True)
        sub.add_parser("verify", help="校验整条审计链；链完整时退出码为 0，否则为 1 并指出第一个出错的事件")
        show = sub.add_parser("show", help="列出一个对象的审计事件（按时间先后）")
        show.add_argument("--object", dest="object", required=True, metavar="类型:编号",
                          help="对象，如 core.unit:12")
        show.add_argument("--limit", type=int, default=100, help="最多列出多少个事件（默认 100，取最近的）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify()
        else:
            self.show(options["object"], options["limit"])

    def verify(self) -> None:
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"审计链完整：共 {result.checked} 个事件")
            return
        event = AuditEvent.objects.filter(pk=result.broken_id).first() if result.broken_id else None
        self.stdout.write("审计链已损坏。第一个出错的事件：")
        self.stdout.write(f"  编号：#{result.broken_id if result.broken_id else '（无）'}")
        if event is not None:
            self.stdout.write(f"  时间：{_time(event.at)}")
            self.stdout.write(f"  操作：{event.action}")
            self.stdout.write(f"  对象：{event.object_type}:{event.object_id} {event.object_repr}")
            self.stdout.write(f"  操作人：{event.actor_label or '（无）'}")
        else:
            self.stdout.write("  （数据库中没有这个编号的事件）")
        self.stdout.write(f"  原因：{result.reason}")
        self.stdout.write(f"此前 {result.checked} 个事件校验通过。")
        # CommandError: exit status 1 on the command line, an exception for call_command().
        raise CommandError(f"审计链已损坏：事件 #{result.broken_id}：{result.reason}", returncode=1)

    def show(self, label: str, limit: int) -> None:
        object_type, sep, object_id = label.rpartition(":")
        if not sep or not object_type or not object_id:
            raise CommandError(f"对象应写成“类型:编号”，如 core.unit:12；收到“{label}”。")
        events = list(AuditEvent.objects.filter(object_type=object_type.lower(), object_id=object_id)
                      .order_by("-id")[:limit])
        if not events:
            self.stdout.write(f"对象 {object_type}:{object_id} 没有审计事件。")
            return
        for event in reversed(events):
            head = (f"#{event.id}  {_time(event.at)}  {event.actor_label or '-'}  "
                    f"{ACTIONS.get(event.action, event.action)}  {event.object_repr}")
            self.stdout.write(head)
            if event.action == "update" and event.after:
                for key in sorted(event.after):
                    before = (event.before or {}).get(key)
                    self.stdout.write(f"    {key}：{_json(before, 120)} → {_json(event.after[key], 120)}")
            elif event.after is not None:
                self.stdout.write(f"    {_json(event.after)}")
            elif event.before is not None:
                self.stdout.write(f"    {_json(event.before)}")
