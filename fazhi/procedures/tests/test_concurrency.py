"""Two concurrent transitions on one record: the row lock lets only one pass (PostgreSQL only:
SQLite has no row locks and serialises whole write transactions instead)."""

import threading
import time

import pytest
from django.db import connection, transaction

from fazhi.procedures import services
from fazhi.procedures.models import Deadline, TransitionLog
from fazhi.procedures.services import TransitionRefused
from fazhi.procedures.tests.testapp.models import Widget


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_cannot_both_pass(tree, make_widget, today):
    widget = make_widget()
    barrier = threading.Barrier(2)
    results = []

    def attempt():
        try:
            record = Widget.objects.get(pk=widget.pk)  # both threads start from "draft"
            barrier.wait()
            with transaction.atomic():
                services.transition(actor=tree.officer_a, record=record, name="submit")
                time.sleep(0.5)  # hold the row lock: the other thread must wait for the commit
            results.append("ok")
        except TransitionRefused as exc:
            results.append(exc.reasons[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["ok", "当前状态为“审核中”，不能执行“提交审核”（仅限“起草”、“已退回”状态）"]
    assert TransitionLog.objects.count() == 1
    assert Deadline.objects.filter(key="widget.review").count() == 1
