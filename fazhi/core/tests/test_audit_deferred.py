"""audit.deferred(): events of a long transaction are appended at its end, in the same transaction."""

import threading

import pytest
from django.db import connection, connections, transaction

from fazhi.core import audit
from fazhi.core.models import AuditEvent, Unit, UnitType


def make_unit(region, name):
    return Unit.objects.create(name=name, unit_type=UnitType.DEPARTMENT, region=region)


def test_events_are_queued_then_appended_in_order(tree):
    before = AuditEvent.objects.count()
    with transaction.atomic(), audit.deferred():
        first = make_unit(tree.county_a, "东城区甲局")
        second = make_unit(tree.county_a, "东城区乙局")
        first.short_name = "甲"
        first.save()
        assert AuditEvent.objects.count() == before  # nothing appended yet
    events = list(AuditEvent.objects.order_by("-id")[:3])[::-1]
    assert [(e.action, e.object_id) for e in events] == [
        ("create", str(first.pk)), ("create", str(second.pk)), ("update", str(first.pk))]
    assert audit.verify().ok


def test_rolled_back_block_appends_nothing(tree):
    before = AuditEvent.objects.count()
    with transaction.atomic(), audit.deferred():
        make_unit(tree.county_a, "东城区丙局")
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == before
    assert not Unit.objects.filter(name="东城区丙局").exists()
    assert audit.verify().ok


def test_failure_inside_the_block_appends_nothing(tree):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), audit.deferred():
        make_unit(tree.county_a, "东城区丁局")
        raise RuntimeError("boom")
    assert AuditEvent.objects.count() == before
    assert audit.verify().ok


def test_nested_blocks_append_once_at_the_outer_end(tree):
    before = AuditEvent.objects.count()
    with transaction.atomic(), audit.deferred():
        with audit.deferred():
            make_unit(tree.county_a, "东城区戊局")
        assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.count() == before + 1


# Only PostgreSQL lets two transactions write at once; SQLite serialises writers whatever we do.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_other_writers_are_not_blocked_by_a_long_deferred_transaction(tree):
    started, release, done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def long_import():
        try:
            with transaction.atomic(), audit.deferred():
                make_unit(tree.county_a, "东城区长事务局")
                started.set()
                release.wait(30)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()
            done.set()

    thread = threading.Thread(target=long_import)
    thread.start()
    assert started.wait(30)
    writer = threading.Thread(target=lambda: (make_unit(tree.county_b, "西山县并发局"), connections.close_all()))
    writer.start()
    writer.join(10)
    blocked = writer.is_alive()
    release.set()
    done.wait(30)
    writer.join(30)
    assert not blocked, "an audited write waited for the long deferred transaction"
    assert errors == []
    assert audit.verify().ok
