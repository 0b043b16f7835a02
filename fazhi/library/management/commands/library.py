"""`fazhi library reindex`: rebuild the search index of the public library from every document."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.library import search


class Command(BaseCommand):
    help = "规范性文件库：reindex 重建全文检索索引（全部文件，分批处理）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", title="子命令", required=True)
        reindex = sub.add_parser("reindex", help="重建全文检索索引：公开的文件建立索引，其余文件删除索引")
        reindex.add_argument("--batch-size", type=int, default=500, help="每批处理的文件数（默认 500）")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, indexed = search.reindex(batch_size=max(1, options["batch_size"]))
        self.stdout.write(f"已重建索引：检查文件 {checked} 件，其中公开文件 {indexed} 件已建立索引。")
