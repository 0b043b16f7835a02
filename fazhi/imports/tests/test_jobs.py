"""The job table and its workers: claiming, running, failing, reclaiming, progress."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from fazhi.core.access import SYSTEM
from fazhi.core.audit import current_actor
from fazhi.core.models import Region, Unit
from fazhi.imports import jobs
from fazhi.imports.models import Job, JobStatus

seen = {}


@jobs.job_handler("test-ok")
def ok_handler(job, progress):
    seen["actor"] = current_actor()
    for i in range(1, 4):
        progress(i, 3)
    return {"answer": 42}


@jobs.job_handler("test-crash")
def crash_handler(job, progress):
    raise RuntimeError("磁盘已满")


@jobs.job_handler("test-refuse", atomic=True)
def refuse_handler(job, progress):
    Region.objects.create(code="990199", name="临时区", level=3, parent_id="990100")
    raise jobs.JobFailed("不能做", result={"why": "测试"})


@jobs.job_handler("test-peek", atomic=True)
def peek_handler(job, progress):
    """Reports progress from inside its transaction and records what another reader sees then."""
    progress(7, 10, force=True)
    seen["live"] = jobs.live_progress(Job.objects.get(pk=job.pk))
    if connection.vendor != "sqlite":
        # A second connection = another web server process: does it see the progress already?
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done, total FROM imports_job WHERE id = %s", [job.pk])
                seen["other"] = cursor.fetchone()
        finally:
            other.close()
    return {}


def test_two_workers_cannot_claim_the_same_job(tree):
    job = jobs.enqueue(kind="test-ok", actor=tree.admin)
    assert jobs.claim(job.pk, "worker-1") is True
    assert jobs.claim(job.pk, "worker-2") is False
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.claimed_by == "worker-1" and job.attempts == 1


def test_claim_next_takes_the_oldest_queued_job(tree):
    first = jobs.enqueue(kind="test-ok", actor=tree.admin)
    second = jobs.enqueue(kind="test-ok", actor=tree.admin)
    assert jobs.claim_next("w1").pk == first.pk
    assert jobs.claim_next("w2").pk == second.pk
    assert jobs.claim_next("w3") is None


def test_stale_running_job_is_reclaimed_fresh_one_is_not(tree):
    job = jobs.enqueue(kind="test-ok", actor=tree.admin)
    assert jobs.claim(job.pk, "dead-worker")
    assert jobs.claim_next("w2") is None  # heartbeat is fresh
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=11))
    reclaimed = jobs.claim_next("w2")
    assert reclaimed.pk == job.pk and reclaimed.claimed_by == "w2" and reclaimed.attempts == 2
    assert jobs.claim_next("w3") is None


def test_job_interrupted_too_often_is_failed(tree):
    job = jobs.enqueue(kind="test-ok", actor=tree.admin)
    jobs.claim(job.pk, "w")
    Job.objects.filter(pk=job.pk).update(attempts=jobs.MAX_ATTEMPTS,
                                         heartbeat=timezone.now() - timedelta(hours=1))
    assert jobs.claim_next("w2") is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "多次中断" in job.error


def test_worker_once_runs_queued_jobs_as_their_creator(tree):
    job = jobs.enqueue(kind="test-ok", actor=tree.coordinator_a, label="测试")
    call_command("worker", "--once", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"answer": 42}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.finished_at and job.unit == tree.justice_a
    assert seen["actor"] == tree.coordinator_a


def test_system_job_runs_as_system(tree):
    job = jobs.enqueue(kind="test-ok", actor=SYSTEM)
    assert job.created_by is None and job.unit is None
    jobs.run_now(job)
    assert seen["actor"] is SYSTEM


def test_job_whose_creator_is_gone_does_not_run_as_system(tree):
    job = jobs.enqueue(kind="test-ok", actor=tree.admin)
    Job.objects.filter(pk=job.pk).update(created_by=None)
    job = jobs.run_now(Job.objects.get(pk=job.pk))
    assert job.status == JobStatus.FAILED and "已不存在" in job.error


def test_a_job_that_raises_is_failed_with_the_message(tree):
    job = jobs.run_now(jobs.enqueue(kind="test-crash", actor=tree.admin))
    assert job.status == JobStatus.FAILED
    assert "磁盘已满" in job.error and job.finished_at


def test_atomic_job_failure_rolls_back_its_writes(tree):
    job = jobs.run_now(jobs.enqueue(kind="test-refuse", actor=tree.admin, file_data=b"secret"))
    assert job.status == JobStatus.FAILED and job.error == "不能做" and job.result == {"why": "测试"}
    assert not Region.objects.filter(code="990199").exists()
    assert Job.objects.get(pk=job.pk).file_data is None  # the upload is not kept after the job


def test_unknown_job_kind_fails(tree):
    job = jobs.run_now(jobs.enqueue(kind="no-such-kind", actor=tree.admin))
    assert job.status == JobStatus.FAILED and "未知的任务类型" in job.error


def test_a_job_lost_to_another_worker_does_not_commit(tree):
    @jobs.job_handler("test-slow", atomic=True)
    def slow(job, progress):
        Unit.objects.create(name="迟到单位", unit_type="other", region=tree.county_a)
        # Meanwhile this worker was thought dead and another one took the job over.
        Job.objects.filter(pk=job.pk).update(claimed_by="another-worker")
        return {}

    job = jobs.run_now(jobs.enqueue(kind="test-slow", actor=tree.admin))
    assert job.status == JobStatus.RUNNING  # not marked succeeded by the worker that lost it
    assert not Unit.objects.filter(name="迟到单位").exists()


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_jobs_transaction_is_open(tree):
    job = jobs.enqueue(kind="test-peek", actor=tree.admin)
    job = jobs.run_now(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert seen["live"] == (7, 10)
    if connection.vendor != "sqlite":
        assert seen["other"] == (7, 10)


def test_worker_runs_in_a_side_thread(db, monkeypatch):
    """`fazhi demo` starts the looping worker in a thread, where signal handlers cannot be installed."""
    import threading

    from django.core.management import call_command

    monkeypatch.setattr(jobs, "work", lambda **kwargs: 0)  # the loop itself is tested above
    errors = []

    def run():
        try:
            call_command("worker", verbosity=0)
        except Exception as exc:  # recorded for the assertion below
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert errors == []


@jobs.job_handler("test-daily", daily=True, label="每日测试任务")
def daily_handler(job, progress):
    seen["daily"] = (job.payload["day"], current_actor())
    return {}


def test_daily_jobs_are_queued_once_a_day_by_whichever_worker_comes_first(tree):
    import datetime

    day = datetime.date(2026, 3, 2)
    first = jobs.enqueue_daily(day)
    assert "test-daily" in {job.kind for job in first}
    again = jobs.enqueue_daily(day)  # a second worker, or the same one a minute later
    assert "test-daily" not in {job.kind for job in again}
    job = Job.objects.get(kind="test-daily")
    assert (job.schedule_key, job.label, job.created_by) == ("test-daily:2026-03-02", "每日测试任务 2026-03-02", None)
    jobs.run_now(job)
    assert seen["daily"] == ("2026-03-02", SYSTEM)
    assert "test-daily" in {j.kind for j in jobs.enqueue_daily(day + timedelta(days=1))}
    assert Job.objects.filter(kind="test-daily").count() == 2
