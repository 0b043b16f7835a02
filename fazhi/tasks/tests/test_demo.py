"""The demo's plan: 40 measures, ~140 tasks in every state, overdue and due soon, reports in every status."""

import datetime
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.core.models import User
from fazhi.figures.registry import compute
from fazhi.procedures.selectors import home_context
from fazhi.tasks import demo
from fazhi.tasks.models import Measure, Plan, ProgressReport, Task

D = datetime.date
TODAY = D(2026, 9, 15)
ELAPSED = {}


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp, override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("m"))):
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
                built = _Builder(DEFAULT_SEED).build()
                reverse("home")  # the URLconf is loaded before a real demo's apps run: not timed here
                start = time.monotonic()
                queries = []
                with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
                    demo.build(built)
                ELAPSED["s"] = time.monotonic() - start
                ELAPSED["queries"] = len(queries)
            yield built
        transaction.set_rollback(True)


def counts(qs, field):
    return dict(qs.values_list(field).annotate(n=Count("pk")).order_by())


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestTheDemoPlan:
    def test_plan_measures_tasks(self):
        plan = Plan.objects.get()
        assert plan.title == "《云川市2026年法治政府建设工作要点》" and plan.state == "issued"
        assert Measure.objects.count() == 40
        assert Task.objects.filter(measure__isnull=False).count() == 140
        assert Task.objects.filter(measure__isnull=True).exclude(source="").count() == 1
        # Speed is measured in docs/benchmarks.md, not here; the query count pins the cost.
        assert ELAPSED["queries"] < 11000, ELAPSED

    def test_every_state_and_deadline_status(self):
        states = counts(Task.objects.all(), "state")
        assert {"assigned", "in_progress", "submitted", "done", "cancelled"} <= set(states), states
        done = Task.objects.filter(state="done")
        assert Task.objects.done_on_time().count() > 20
        assert done.count() - Task.objects.done_on_time().count() > 3  # some late
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            assert Task.objects.overdue(TODAY).count() >= 3
            assert Task.objects.due_soon(TODAY).count() >= 3
        assert set(counts(ProgressReport.objects.all(), "status")) == {"submitted", "accepted", "returned"}
        lead_units = Task.objects.values("lead_unit").distinct().count()
        assert lead_units > 15

    def test_home_page_and_figures(self, city):
        coord = User.objects.get(username="coord_city")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            home = home_context(coord)
            assert compute("tasks.tasks.overdue", user=coord).value >= 3
        assert "overdue" in str(home).lower() or home
        rate = compute("tasks.tasks.on_time_rate", user=coord)
        assert 0 < rate.value < 1
