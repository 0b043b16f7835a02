"""Background jobs: a queue in our own table, claimed by `fazhi worker` processes on any machine.

Declaring a job type (in `fazhi/<app>/jobs.py`, imported at start-up):

    @job_handler("export")                 # atomic=True: the handler's writes and the job's success
    def export(job, progress):             # commit together (imports use it)
        ...
        progress(done, total)              # call it now and then: it is also the job's heartbeat
        return {"file": ...}               # stored as job.result; raise JobFailed(message, result) to fail

Submitting: `enqueue(kind="export", actor=user, label=..., payload={...})`.

Daily jobs (`@job_handler("rulemaking.lapse", daily=True, label="...")`) are queued by the workers
themselves once per day (China time), as SYSTEM: every worker tries to insert the day's job under the
unique `schedule_key` "<kind>:<date>", and the database lets exactly one insert through. Run at least
one `fazhi worker` in production, or call `fazhi worker --once` from cron.

Claiming is one conditional UPDATE (`... SET status='running', claimed_by=me WHERE id=X AND
status='queued'`): whoever updates the row gets the job, so workers need no lock or broker, only the
database. A running job without a heartbeat for STALE_AFTER is claimed again (its worker died; the
database rolled back its open transaction).

Progress must be visible while the job's own transaction is still open (an import writes all its
rows in one transaction). How it travels:
  * outside any transaction: the job row is updated directly (autocommit);
  * PostgreSQL (any database with concurrent writers): through a second connection, so the update
    commits at once while the import's transaction is still open;
  * SQLite inside a transaction: the import holds the only write lock, so no other connection can
    write the job row until it commits. Progress goes to a small JSON file under VAR_DIR/jobs/
    instead; SQLite means one machine, so the web server reads the same file.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.imports.models import Job, JobStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
DAILY_CHECK_EVERY = 60.0  # seconds between checks whether today's daily jobs are queued
MAX_ATTEMPTS = 3


class JobFailed(Exception):
    """Raised by a handler to end its job as failed with a message for the user (and a result)."""

    def __init__(self, message: str, result: dict | None = None):
        super().__init__(message)
        self.message = message
        self.result = result


class JobLost(Exception):
    """The job was claimed by another worker meanwhile (we were thought dead): drop our work."""


@dataclass(frozen=True)
class Handler:
    name: str
    func: Callable[[Job, Progress], dict | None]
    atomic: bool = False
    daily: bool = False
    label: str = ""


_HANDLERS: dict[str, Handler] = {}


def job_handler(name: str, *, atomic: bool = False, daily: bool = False, label: str = "") -> Callable:
    """Register `func(job, progress) -> result dict` as the handler of jobs of kind `name`.

    `daily=True`: the workers also queue one such job a day by themselves (`enqueue_daily`)."""

    def decorator(func: Callable) -> Callable:
        existing = _HANDLERS.get(name)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job handler {name!r} is already registered")
        _HANDLERS[name] = Handler(name, func, atomic, daily, label)
        return func

    return decorator


def handlers() -> dict[str, Handler]:
    return dict(_HANDLERS)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# ---------------------------------------------------------------- submitting and claiming


def enqueue(*, kind: str, actor: Any, label: str = "", payload: dict | None = None, file_name: str = "",
            file_data: bytes | None = None, total: int = 0) -> Job:
    """Queue a job for the workers. The actor's unit anchors who may see it."""
    payload = dict(payload or {})
    is_system = getattr(actor, "is_system", False)
    if is_system:
        payload["as_system"] = True  # a job with no creator never runs as SYSTEM by accident
    return Job.objects.create(
        kind=kind, label=label[:200], payload=payload, file_name=file_name[:255], file_data=file_data,
        total=total, created_by=None if is_system else actor,
        unit=None if is_system else getattr(actor, "unit", None))


def enqueue_daily(today: date | None = None) -> list[Job]:
    """Queue today's run of every daily job not queued yet (by any worker). Returns the jobs queued here."""
    from fazhi.procedures import clock

    today = today or clock.today()
    queued = []
    for handler in _HANDLERS.values():
        if not handler.daily:
            continue
        key = f"{handler.name}:{today.isoformat()}"
        if Job.objects.filter(schedule_key=key).exists():
            continue
        try:
            with transaction.atomic():
                job = enqueue(kind=handler.name, actor=SYSTEM, label=f"{handler.label or handler.name} {today}",
                              payload={"day": today.isoformat()})
                job.schedule_key = key
                job.save(update_fields=["schedule_key"])
        except IntegrityError:
            continue  # another worker queued it first
        queued.append(job)
    return queued


def claim(job_id: int, worker: str) -> bool:
    """Take a queued job. True for exactly one caller, however many workers race for it."""
    now = timezone.now()
    return Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, claimed_by=worker, started_at=now, heartbeat=now,
        attempts=F("attempts") + 1) == 1


def _reclaim(job_id: int, worker: str) -> bool:
    now = timezone.now()
    stale = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, heartbeat__lt=now - STALE_AFTER)
    if stale.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=JobStatus.FAILED, finished_at=now,
            error=_("任务执行进程多次中断（可能是文件过大或服务器重启），已停止重试。")):
        return False
    return stale.update(claimed_by=worker, started_at=now, heartbeat=now, attempts=F("attempts") + 1) == 1


def claim_next(worker: str) -> Job | None:
    """The oldest queued job (or a stale running one), claimed for `worker`; None when there is none."""
    for _attempt in range(20):  # lost races: try the next candidate
        queued = (Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "id")
                  .values_list("pk", flat=True).first())
        if queued is not None:
            if claim(queued, worker):
                return Job.objects.get(pk=queued)
            continue
        stale = (Job.objects.filter(status=JobStatus.RUNNING, heartbeat__lt=timezone.now() - STALE_AFTER)
                 .order_by("created_at", "id").values_list("pk", flat=True).first())
        if stale is not None:
            if _reclaim(stale, worker):
                return Job.objects.get(pk=stale)
            continue
        return None
    return None


# ---------------------------------------------------------------- progress


def _progress_file(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / f"{job_id}.progress.json"


def _concurrent_writers() -> bool:
    return connections[DEFAULT_DB_ALIAS].vendor != "sqlite"


class Progress:
    """progress(done, total): record how far the job is, visible at once to the job page.

    Also the job's heartbeat. Writes at most every `interval` seconds (and always the last call).
    """

    def __init__(self, job: Job, interval: float = 0.5):
        self.job = job
        self.interval = interval
        self._last = 0.0
        self._side = None
        self.done = 0
        self.total = job.total

    def __call__(self, done: int, total: int | None = None, force: bool = False) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if not force and now - self._last < self.interval and done < self.total:
            return
        self._last = now
        try:
            self._write()
        except Exception:  # progress is best effort: never let it break the job itself
            logger.warning("job %s: could not record progress", self.job.pk, exc_info=True)

    def _write(self) -> None:
        now = timezone.now()
        if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
                done=self.done, total=self.total, heartbeat=now)
        elif _concurrent_writers():
            self._write_side_connection(now)
        else:
            path = _progress_file(self.job.pk)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"done": self.done, "total": self.total, "at": now.isoformat()}))
            os.replace(tmp, path)  # atomic: a reader never sees half a file

    def _write_side_connection(self, now) -> None:
        if self._side is None:
            base = connections[DEFAULT_DB_ALIAS]
            self._side = base.__class__({**base.settings_dict}, alias=f"{DEFAULT_DB_ALIAS}_progress")
        ops = self._side.ops
        table, quote = Job._meta.db_table, ops.quote_name
        with self._side.cursor() as cursor:  # autocommit: committed while the job's transaction is open
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote('done')} = %s, {quote('total')} = %s, "
                f"{quote('heartbeat')} = %s WHERE {quote('id')} = %s AND {quote('status')} = %s",
                [self.done, self.total, ops.adapt_datetimefield_value(now), self.job.pk, JobStatus.RUNNING])

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
        _progress_file(self.job.pk).unlink(missing_ok=True)


def live_progress(job: Job) -> tuple[int, int]:
    """(done, total) of a job as the job page should show it."""
    if job.status == JobStatus.RUNNING and not _concurrent_writers():
        try:
            data = json.loads(_progress_file(job.pk).read_text())
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return job.done, job.total


# ---------------------------------------------------------------- running


def job_actor(job: Job) -> Any:
    """Who the job acts as: its creator (with their current roles), or SYSTEM for command jobs."""
    if job.created_by_id is not None:
        return job.created_by
    if job.payload.get("as_system"):
        return SYSTEM
    raise JobFailed(_("提交任务的工作人员已不存在。"))


def _finish(job: Job, progress: Progress, status: str, *, result: dict | None = None, error: str = "") -> int:
    now = timezone.now()
    # The uploaded file is dropped when the job ends: it may hold initial passwords.
    values: dict[str, Any] = {"status": status, "finished_at": now, "heartbeat": now, "error": error[:5000],
                              "file_data": None, "total": progress.total,
                              "done": progress.total if status == JobStatus.SUCCEEDED else progress.done}
    if result is not None:
        values["result"] = result
    return Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, claimed_by=job.claimed_by).update(**values)


def execute(job: Job) -> Job:
    """Run a claimed job to its end: succeeded with the handler's result, or failed with a message."""
    handler = _HANDLERS.get(job.kind)
    progress = Progress(job)
    try:
        if handler is None:
            raise JobFailed(_("未知的任务类型“%(kind)s”。") % {"kind": job.kind})
        actor = job_actor(job)
        with acting_as(actor):
            if handler.atomic:
                # The handler's writes and the job's success commit together: no worker can see the
                # work done but the job still running, and a worker thought dead cannot commit twice.
                with transaction.atomic():
                    result = handler.func(job, progress)
                    if not _finish(job, progress, JobStatus.SUCCEEDED, result=result):
                        raise JobLost
            else:
                result = handler.func(job, progress)
                _finish(job, progress, JobStatus.SUCCEEDED, result=result)
    except JobFailed as exc:
        _finish(job, progress, JobStatus.FAILED, result=exc.result, error=exc.message)
    except JobLost:
        logger.warning("job %s was claimed by another worker; its work was rolled back", job.pk)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, progress, JobStatus.FAILED, error=_("任务出错：%(e)s") % {"e": f"{type(exc).__name__}: {exc}"})
    finally:
        progress.close()
    job.refresh_from_db()
    return job


def run_now(job: Job, worker: str | None = None) -> Job:
    """Claim and run a queued job in this process (small imports from a web request)."""
    if not claim(job.pk, worker or f"web:{worker_id()}"):
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    return execute(job)


def work(*, once: bool = False, sleep: float = 2.0, worker: str | None = None,
         should_stop: Callable[[], bool] = lambda: False, log: Callable[[str], None] = logger.info) -> int:
    """The worker loop: claim and run jobs; with `once`, stop when the queue is empty. Returns jobs run."""
    from django.db import DatabaseError, close_old_connections

    worker = worker or worker_id()
    ran = 0
    next_daily_check = 0.0
    while not should_stop():
        if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            close_old_connections()  # a long-lived process: drop broken or expired connections
        try:
            if time.monotonic() >= next_daily_check:
                for queued in enqueue_daily():
                    log(f"job {queued.pk} ({queued.kind}) queued for today")
                next_daily_check = time.monotonic() + DAILY_CHECK_EVERY
            job = claim_next(worker)
        except DatabaseError as exc:  # e.g. SQLite busy while another process writes: try again later
            log(f"claim failed: {exc}")
            job = None
            if once:
                break
        if job is None:
            if once:
                break
            time.sleep(sleep)
            continue
        log(f"job {job.pk} ({job.kind}) started")
        job = execute(job)
        ran += 1
        log(f"job {job.pk} ({job.kind}) {job.status}")
    return ran
