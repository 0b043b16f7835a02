"""`fazhi demo`: build the fictional demo city (云川市) and serve it at http://127.0.0.1:8000.

    fazhi demo               migrate, (re)build the demo, collect static files, serve
    fazhi demo --no-serve    migrate and (re)build only
    fazhi demo --port 8080   serve on another port
    fazhi demo --force       also replace a database that holds data other than a demo (it is wiped!)

A database that already holds a demo (core.DemoMarker) is flushed and rebuilt; one that holds
anything else is refused, so the command can never wipe a real database by accident.

Static files: DEBUG is off by default, and then WhiteNoise serves only what `collectstatic` put in
STATIC_ROOT (var/static). Serving runs `collectstatic` first rather than switching on DEBUG or
finders through the environment: the demo then runs with the same settings as a real deployment.
"""

from __future__ import annotations

import threading
import time
import unicodedata

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from fazhi.core import demo
from fazhi.core.access import Role
from fazhi.core.models import DemoMarker, Region, Unit, User


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = _("建设虚构的演示城市（云川市）并在 http://127.0.0.1:8000 启动演示系统。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help=_("只建设演示数据，不启动服务。"))
        parser.add_argument("--port", type=int, default=8000, help=_("服务端口（默认 8000）。"))
        parser.add_argument("--force", action="store_true",
                            help=_("数据库中已有非演示数据时也清空并重建（会删除全部数据，慎用）。"))

    def handle(self, *args, **options) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(_("端口应为 1 至 65535 之间的整数，当前为 %(port)s。") % {"port": port})
        call_command("migrate", interactive=False, verbosity=0)
        self.prepare_database(force=options["force"])

        started = time.perf_counter()
        city = demo.build()
        seconds = time.perf_counter() - started
        self.stdout.write(_(
            "已建成演示城市“%(city)s”：%(counties)d 个区县、%(townships)d 个乡镇（街道）、%(villages)d 个村（社区）、"
            "%(units)d 个单位、%(users)d 名工作人员，用时 %(seconds).1f 秒。") % {
            "city": city.city.name, "counties": len(city.counties), "townships": len(city.township_regions),
            "villages": len(city.villages), "units": Unit.objects.count(), "users": User.objects.count(),
            "seconds": seconds})
        self.print_accounts(city)
        if not options["no_serve"]:
            self.serve(port)

    def prepare_database(self, *, force: bool) -> None:
        """Flush an old demo; refuse (unless forced) to touch a database holding anything else."""
        if DemoMarker.objects.exists():
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write(_("已清除旧的演示数据，重新建设。"))
            return
        units = Unit.objects.count()
        if units or Region.objects.exists() or User.objects.exists():
            if not force:
                raise CommandError(_(
                    "数据库中已有非演示数据（%(units)d 个单位），演示程序不会清空它。"
                    "请用 DATABASE_URL 或 FAZHI_VAR_DIR 指向另一个数据库；"
                    "如确实要删除全部数据并改建演示城市，请加 --force。") % {"units": units})
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write(self.style.WARNING(_("已按 --force 清空数据库中的全部数据。")))

    def print_accounts(self, city: demo.DemoCity) -> None:
        header = (_("用户名"), _("角色"), _("单位"), _("密码"))
        rows = [(username, str(Role(role).label), city.users[username].unit.name, city.password)
                for username, role in city.accounts]
        widths = [max(_width(row[i]) for row in [header, *rows]) + 2 for i in range(3)]
        self.stdout.write("")
        self.stdout.write(_("演示账号（共 %(n)d 个账号，密码均为 %(pw)s；下表每种角色列出一个）：") % {
            "n": len(city.users), "pw": city.password})
        for row in [header, *rows]:
            cells = "".join(_pad(cell, w) for cell, w in zip(row[:3], widths, strict=True))
            self.stdout.write(cells + row[3])
        self.stdout.write("")

    def serve(self, port: int) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        # Background jobs (imports, exports) run in this process when the job worker exists.
        if "worker" in get_commands():
            threading.Thread(target=call_command, args=("worker",), daemon=True, name="fazhi-worker").start()
        self.stdout.write(self.style.SUCCESS(_("演示系统已启动：http://127.0.0.1:%(port)d") % {"port": port}))
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
