"""fazhi import KIND FILE [--as USERNAME]  |  fazhi import --template KIND --out FILE.xlsx"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.core.access import SYSTEM
from fazhi.core.models import User
from fazhi.imports.registry import get_kind, kinds
from fazhi.imports.services import import_file
from fazhi.imports.spreadsheets import write_error_report, write_template


class Command(BaseCommand):
    help = "导入 Excel/CSV 文件（全部行校验通过才写入），或生成导入模板。"

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="导入类型：" + "、".join(k.key for k in kinds()))
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 或 .csv 文件")
        parser.add_argument("--as", dest="username", help="以此工作人员的身份和权限导入（默认：系统）")
        parser.add_argument("--template", metavar="KIND", help="生成此类型的导入模板")
        parser.add_argument("--out", help="模板的输出文件（.xlsx）")
        parser.add_argument("--report", help="导入失败时把错误报告写入此 .xlsx 文件")
        parser.add_argument("--list", action="store_true", help="列出可导入的类型")

    def _kind(self, key: str):
        try:
            return get_kind(key)
        except KeyError:
            raise CommandError(_("没有导入类型“%(key)s”。可用类型：%(keys)s") % {
                "key": key, "keys": "、".join(k.key for k in kinds())}) from None

    def handle(self, *args, **options):
        if options["list"]:
            for kind in kinds():
                self.stdout.write(f"{kind.key}\t{kind.label}\t{'、'.join(c.header for c in kind.columns)}")
            return
        if options["template"]:
            kind = self._kind(options["template"])
            if not options["out"]:
                raise CommandError(_("请用 --out 指定模板文件名，例如 --out 模板.xlsx"))
            Path(options["out"]).write_bytes(write_template(kind))
            self.stdout.write(_("已生成%(kind)s导入模板：%(out)s") % {"kind": kind.label, "out": options["out"]})
            return
        if not options["kind"] or not options["file"]:
            raise CommandError(_("用法：fazhi import 类型 文件 [--as 用户名]，或 fazhi import --template 类型 --out 文件.xlsx"))
        kind = self._kind(options["kind"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        actor = SYSTEM
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(_("没有名为“%(name)s”的有效工作人员。") % {"name": options["username"]})
            if not kind.allowed(actor):
                raise CommandError(_("工作人员“%(name)s”无权导入%(kind)s。") % {"name": actor.username, "kind": kind.label})
        result = import_file(kind=kind, data=path.read_bytes(), file_name=path.name, actor=actor)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(_("导入成功：%(n)d 行") % {"n": result.rows}))
            return
        for error in result.errors:
            self.stderr.write(str(error))
        if options["report"]:
            Path(options["report"]).write_bytes(write_error_report(result.errors))
            self.stderr.write(_("错误报告已写入：%(path)s") % {"path": options["report"]})
        raise CommandError(_("导入失败：共 %(n)d 处错误，没有写入任何数据。") % {"n": len(result.errors)})
