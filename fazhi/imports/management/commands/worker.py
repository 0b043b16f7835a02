"""fazhi worker [--once] [--sleep SECONDS]: run background jobs (start as many as you like, anywhere)."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fazhi.imports import jobs


class Command(BaseCommand):
    help = "运行后台任务（如大文件导入）。可在多台机器上同时运行多个，它们通过数据库分配任务。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理完当前排队的任务后退出")
        parser.add_argument("--sleep", type=float, default=2.0, help="队列为空时的等待秒数（默认 2）")

    def handle(self, *args, **options):
        stopping = []

        def stop(signum, frame):
            # Finish the job in hand, then leave (its transaction must not be cut in half).
            stopping.append(signum)

        # Signals can only be handled by the main thread; `fazhi demo` runs a worker in a side thread,
        # which simply ends with the process.
        if not options["once"] and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        worker = jobs.worker_id()
        verbose = options["verbosity"] >= 1
        if verbose and not options["once"]:
            self.stdout.write(_("后台任务进程 %(w)s 已启动") % {"w": worker})
        ran = jobs.work(once=options["once"], sleep=options["sleep"], worker=worker,
                        should_stop=lambda: bool(stopping),
                        log=(lambda m: self.stdout.write(m)) if verbose else (lambda m: None))
        if verbose:
            self.stdout.write(_("共运行 %(n)d 个任务") % {"n": ran})
