"""Deadline status filters use indexable conditions that classify rows exactly as the CASE annotation.

Filtering, ordering or counting on the `status` CASE makes the database evaluate it on every visible row,
years of stopped deadlines included (docs/benchmarks.md, finding 3). These tests pin that the plain
conditions agree with the annotation row for row, that stopped rows stay out of the default views, and
that no statement filters or sorts on a CASE.
"""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.procedures import selectors
from fazhi.procedures.filters import DeadlineFilter
from fazhi.procedures.models import Deadline, DeadlineStatus, due_soon_until, status_q
from fazhi.procedures.tests.testapp.models import Widget

D = datetime.date
DAY = datetime.timedelta(days=1)
API = "/api/v1/procedures"


@pytest.fixture
def make_deadline(make_widget):
    def make(due_on, unit=None, stopped_on=None, title=None):
        widget = make_widget(unit=unit, title=title or f"事项{due_on:%m%d}")
        row = Deadline(content_type=ContentType.objects.get_for_model(Widget), object_id=widget.pk,
                       record_repr=title or str(widget), unit=widget.unit, key="widget.review", label="审核期限",
                       started_on=due_on - 10 * DAY, due_on=due_on, n=5, day_unit="working_day",
                       basis="测试规则第三条", stopped_on=stopped_on)
        row.save()
        return row

    return make


@pytest.fixture
def spread(tree, make_deadline):
    """A running deadline due on every day from 15 Sep to 31 Oct 2025 (the National Day holiday,
    1–8 Oct, and the worked Saturdays 28 Sep and 11 Oct inside), and stopped ones over the same span,
    some stopped late, some in another county."""
    start = D(2025, 9, 15)
    for i in range(47):
        make_deadline(start + i * DAY)
    for i in range(0, 47, 5):
        make_deadline(start + i * DAY, stopped_on=start + (i + (i % 3) * 2) * DAY)
    make_deadline(D(2025, 10, 2), unit=tree.dept_b)
    make_deadline(D(2025, 10, 2), unit=tree.dept_b, stopped_on=D(2025, 10, 3))


# Around and inside the holiday, the day the due-soon window jumps it, a day with a worked Saturday in
# the window, and a year without holiday data (the window is then estimated on Monday–Friday).
TODAYS = [D(2025, 9, 26), D(2025, 9, 30), D(2025, 10, 1), D(2025, 10, 5), D(2025, 10, 9), D(2025, 10, 10),
          D(2025, 10, 20), D(2025, 10, 31)]


@pytest.mark.parametrize("day", TODAYS, ids=str)
def test_status_filters_match_the_case_annotation(tree, spread, today, day):
    today(day)
    annotated = dict(Deadline.objects.with_status(day).values_list("pk", "status"))
    by_status = {s: {pk for pk, status in annotated.items() if status == s} for s in DeadlineStatus.values}
    # the spread really has rows of every status on each of these days
    assert all(by_status.values()) or (day == D(2025, 10, 31) and not by_status["on_time"])
    qs = Deadline.objects.all()
    for status in DeadlineStatus.values:
        assert set(qs.with_status_filter(status, day).values_list("pk", flat=True)) == by_status[status], status
        assert set(qs.filter(status_q(status, day)).values_list("pk", flat=True)) == by_status[status], status
    assert set(qs.overdue(day).values_list("pk", flat=True)) == by_status["overdue"]
    assert set(qs.due_soon(day).values_list("pk", flat=True)) == by_status["due_soon"]
    assert set(qs.on_time(day).values_list("pk", flat=True)) == by_status["on_time"]
    assert set(qs.stopped().values_list("pk", flat=True)) == by_status["stopped"]
    assert set(qs.urgent(day).values_list("pk", flat=True)) == by_status["overdue"] | by_status["due_soon"]
    assert set(qs.running().values_list("pk", flat=True)) == set(annotated) - by_status["stopped"]
    # the counts: one aggregate over running rows, the same numbers as counting the annotation
    expected = Counter(status for status in annotated.values() if status != DeadlineStatus.STOPPED)
    assert selectors.status_counts(Deadline.objects.with_status(day), day) == {
        s: expected[s] for s in ("overdue", "due_soon", "on_time")}


def test_due_soon_boundary_across_the_national_day(tree, make_deadline, today):
    day = today(D(2025, 9, 30))
    soon = due_soon_until(day)[0]
    assert soon == D(2025, 10, 11)  # 1–8 Oct off: 9, 10 and 11 Oct (a worked Saturday)
    rows = {d: make_deadline(d) for d in (D(2025, 9, 29), day, D(2025, 10, 8), soon, soon + DAY)}
    qs = Deadline.objects.all()
    assert [r.pk for r in qs.overdue(day)] == [rows[D(2025, 9, 29)].pk]
    assert [r.pk for r in qs.due_soon(day)] == [rows[d].pk for d in (day, D(2025, 10, 8), soon)]
    assert [r.pk for r in qs.on_time(day)] == [rows[soon + DAY].pk]


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="unknown deadline status"):
        status_q("late", D(2025, 10, 9), D(2025, 10, 13))


def test_home_context_leaves_stopped_deadlines_out(tree, make_deadline, today):
    today(D(2025, 10, 20))
    make_deadline(D(2025, 10, 14), title="逾期在办")
    make_deadline(D(2025, 10, 10), stopped_on=D(2025, 10, 16), title="超期办结")  # overdue if it ran
    make_deadline(D(2025, 10, 21), stopped_on=D(2025, 10, 17), title="按期办结")  # due soon if it ran
    context = selectors.home_context(tree.officer_a)
    assert [d.record_repr for d in context["deadline_items"]] == ["逾期在办"]
    assert (context["overdue_count"], context["due_soon_count"]) == (1, 0)


def test_list_shows_running_by_default_and_stopped_on_request(tree, make_deadline, today, client_as):
    today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 8), title="逾期甲")
    make_deadline(D(2025, 10, 30), title="正常丙")
    make_deadline(D(2025, 10, 13), title="将到期乙")
    make_deadline(D(2025, 9, 1), stopped_on=D(2025, 9, 5), title="早已结束丁")
    make_deadline(D(2025, 9, 20), stopped_on=D(2025, 10, 8), title="刚结束戊")
    make_deadline(D(2025, 9, 2), unit=tree.dept_b, stopped_on=D(2025, 9, 3), title="西山结束己")
    client = client_as(tree.coordinator_a)
    url = reverse("procedures:deadlines")
    for query in ({}, {"sort": "due_on"}, {"unit": tree.dept_a.pk}, {"key": "widget.review"}):
        response = client.get(url, query)
        assert [d.record_repr for d in response.context["rows"]] == ["逾期甲", "将到期乙", "正常丙"], query
    page = client.get(url).content.decode()
    assert "结束" not in "".join(re.findall(r"<tbody>.*</tbody>", page, re.S))
    assert "进行中（全部）" in page
    assert response.context["counts"] == {"overdue": 1, "due_soon": 1, "on_time": 1}
    stopped = client.get(url, {"status": "stopped"})
    assert [d.record_repr for d in stopped.context["rows"]] == ["刚结束戊", "早已结束丁"]  # latest first
    assert [d.status for d in stopped.context["rows"]] == ["stopped", "stopped"]
    assert "西山结束己" not in stopped.content.decode()
    assert [d.record_repr for d in client.get(url, {"status": "stopped", "sort": "due_on"}).context["rows"]] == [
        "早已结束丁", "刚结束戊"]
    assert [d.record_repr for d in client.get(url, {"status": "due_soon"}).context["rows"]] == ["将到期乙"]


def test_api_lists_running_by_default_and_stopped_on_request(tree, make_deadline, today, client_as):
    today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 8), title="逾期甲")
    make_deadline(D(2025, 9, 1), stopped_on=D(2025, 9, 5), title="已结束乙")
    make_deadline(D(2025, 9, 1), unit=tree.dept_b, stopped_on=D(2025, 9, 5), title="西山丙")
    client = client_as(tree.officer_a)
    assert [d["record"] for d in client.get(f"{API}/deadlines").json()["items"]] == ["逾期甲"]
    body = client.get(f"{API}/deadlines", {"status": "stopped"}).json()
    assert [(d["record"], d["status"]) for d in body["items"]] == [("已结束乙", "stopped")]


def test_filter_without_data_applies_the_default(tree, make_deadline, today):
    day = today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 13), title="将到期")
    make_deadline(D(2025, 10, 8), title="逾期")
    make_deadline(D(2025, 9, 1), stopped_on=D(2025, 9, 5), title="已结束")
    filterset = DeadlineFilter(None, selectors.visible_deadlines(tree.officer_a, day), user=tree.officer_a)
    assert [d.record_repr for d in filterset.qs] == ["逾期", "将到期"]


def _where_and_order(sql: str) -> str:
    """The statement without its select list: what the database filters, groups and sorts on."""
    return sql.split(" FROM ", 1)[1] if " FROM " in sql else sql


def test_no_statement_filters_or_sorts_on_the_status_case(tree, make_deadline, today, client_as):
    today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 8))
    make_deadline(D(2025, 10, 13))
    make_deadline(D(2025, 9, 1), stopped_on=D(2025, 9, 5))
    client = client_as(tree.coordinator_a)
    client.get(reverse("procedures:deadlines"))  # warm the calendar snapshot
    with CaptureQueriesContext(connection) as captured:
        selectors.home_context(tree.coordinator_a)
        for query in ({}, {"status": "overdue"}, {"status": "stopped"}, {"sort": "-due_on"}):
            client.get(reverse("procedures:deadlines"), query)
        client.get(f"{API}/deadlines", {"status": "due_soon"})
    deadline_sql = [q["sql"] for q in captured.captured_queries if "procedures_deadline" in q["sql"]]
    assert len(deadline_sql) >= 10
    for sql in deadline_sql:
        assert "CASE" not in _where_and_order(sql).upper(), sql


def test_stopped_history_does_not_add_queries(tree, make_deadline, today, client_as,
                                              django_assert_max_num_queries):
    today(D(2025, 10, 9))
    for i in range(20):
        make_deadline(D(2025, 10, 1) + i * DAY)
    client = client_as(tree.officer_a)
    url = reverse("procedures:deadlines")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
        selectors.home_context(tree.officer_a)
    for i in range(20):
        make_deadline(D(2025, 9, 1) + i * DAY, stopped_on=D(2025, 9, 25))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
        context = selectors.home_context(tree.officer_a)
    assert len(response.context["rows"]) == 20 and len(context["deadline_items"]) == 10
    with django_assert_max_num_queries(6):
        selectors.home_context(tree.officer_a)
