"""The leaders' dashboard: periods, key figures with their change, trend, comparison, alerts, access,
exports — on hand-checked records (units created on known days; deadlines due on known days)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.access import SYSTEM
from fazhi.core.models import Unit
from fazhi.dashboard import selectors
from fazhi.dashboard.periods import MONTH, QUARTER, Period
from fazhi.figures import registry
from fazhi.procedures.models import Deadline

SH = ZoneInfo("Asia/Shanghai")
D = dt.date
TODAY = D(2026, 6, 15)  # a Monday


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def keys(monkeypatch):
    """The key panel on the tree's figures, whose records the test places in time."""
    monkeypatch.setattr(selectors, "KEY_FIGURES", ("tree.units.new", "tree.units.total",
                                                   "tree.units.credit_code_coverage"))
    monkeypatch.setattr(selectors, "TREND_DEFAULT", "tree.units.new")
    monkeypatch.setattr(selectors, "COMPARE_DEFAULT", "tree.units.new")


def created(unit, when):
    Unit.objects.filter(pk=unit.pk).update(created_at=when)


@pytest.fixture
def dated(tree):
    """2025: 4 units (all in county A or the city); 2026: 5 units — 3 in March, 2 in May."""
    for unit in (tree.city_gov, tree.city_justice, tree.gov_a, tree.justice_a):
        created(unit, dt.datetime(2025, 4, 1, 9, tzinfo=SH))
    for unit in (tree.dept_a, tree.street_a, tree.gov_b):
        created(unit, dt.datetime(2026, 3, 10, 9, tzinfo=SH))
    for unit in (tree.justice_b, tree.dept_b):
        created(unit, dt.datetime(2026, 5, 31, 23, 30, tzinfo=SH))  # Beijing date: still May
    return tree


def test_periods():
    assert (Period.parse(2026, "q1").start, Period.parse(2026, "q1").end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert Period.parse(2024, "m2").end == D(2024, 2, 29)
    assert Period.parse(2026, "q1").previous() == Period(2025, QUARTER, 4)
    assert Period.parse(2026, "m1").previous() == Period(2025, MONTH, 12)
    assert Period.parse(2026, "m7").previous() == Period(2026, MONTH, 6)
    assert Period.parse(2026, "").previous() == Period(2025)
    assert Period.parse(2026, "q2").label == "2026年第2季度"
    for bad in ("q5", "m13", "m0", "week"):
        with pytest.raises(ValueError):
            Period.parse(2026, bad)


def test_key_panel_change_from_the_previous_period(keys, dated):
    panel = {k.figure.key: k for k in selectors.key_panel(SYSTEM, dated.city, Period(2026))}
    new = panel["tree.units.new"]
    assert (new.current.value, new.previous.value) == (5, 4)
    assert new.direction == "up" and new.change_text == "较上期+1（+25.00%）"
    assert "start=2026-01-01" in new.url and "region=990100" in new.url
    # A stock is not compared between periods.
    assert panel["tree.units.total"].change_text == "时点数，不与上期比较" and panel["tree.units.total"].delta is None
    q2 = {k.figure.key: k for k in selectors.key_panel(SYSTEM, dated.city, Period(2026, QUARTER, 2))}
    assert (q2["tree.units.new"].current.value, q2["tree.units.new"].previous.value) == (2, 3)
    assert q2["tree.units.new"].change_text == "较上期-1（-33.33%）"
    # A previous period without a value is said so, never shown as a 100% change.
    empty = {k.figure.key: k for k in selectors.key_panel(SYSTEM, dated.township_b, Period(2026))}
    assert empty["tree.units.credit_code_coverage"].current.display == "—（分母为零）"
    assert empty["tree.units.credit_code_coverage"].change_text == "时点数，不与上期比较"


def test_rates_change_in_percentage_points(temp_figures, dated):
    from django.db.models import Q

    temp_figures(registry.Figure(key="test.units.dept_share", label="部门占比", definition="测试",
                                 kind=registry.Kind.RATE, model="core.Unit", date_field="created_at",
                                 numerator=Q(unit_type="department")))
    current = registry.compute("test.units.dept_share", user=SYSTEM, start=D(2026, 1, 1), end=D(2026, 12, 31))
    previous = registry.compute("test.units.dept_share", user=SYSTEM, start=D(2025, 1, 1), end=D(2025, 12, 31))
    k = selectors.KeyFigure(current, previous, "")
    assert (current.numerator, current.denominator, previous.numerator, previous.denominator) == (3, 5, 2, 4)
    assert k.change_text == "较上期+10.00个百分点"


def test_trend_month_by_month(dated):
    points = selectors.trend(SYSTEM, dated.city, 2026, "tree.units.new")
    assert [p.value.value for p in points] == [0, 0, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    assert points[4].label == "5月" and "start=2026-05-01" in points[4].url and "end=2026-05-31" in points[4].url


def test_comparison_of_counties_and_departments(dated):
    rows = selectors.comparison(SYSTEM, dated.city, Period(2026), "tree.units.new")
    assert [(r.name, r.kind, r.value.value) for r in rows] == [
        ("东城区", "region", 2), ("西山县", "region", 3), ("示范市司法局", "unit", 0)]
    ranked = selectors.comparison(SYSTEM, dated.city, Period(2026), "tree.units.new", "-value")
    assert [r.name for r in ranked] == ["西山县", "东城区", "示范市司法局"]
    assert "region=990103" in ranked[0].url
    unit_row = ranked[2].url
    assert f"unit={dated.city_justice.pk}" in unit_row


def test_alerts_count_running_deadlines_by_name(tree):
    ct = ContentType.objects.get_for_model(Unit)
    serial = iter(range(100))

    def deadline(unit, label, due, stopped=None):
        Deadline.objects.create(content_type=ct, object_id=unit.pk, record_repr=unit.name, unit=unit,
                                key=f"test.{next(serial)}",
                                label=label, started_on=D(2026, 1, 1), due_on=due, n=1, day_unit="calendar_day",
                                basis="测试", stopped_on=stopped)

    deadline(tree.dept_a, "整改时限", D(2026, 6, 1))
    deadline(tree.justice_a, "整改时限", D(2026, 6, 12))
    deadline(tree.dept_a, "整改时限", D(2026, 6, 16))    # due soon (within 3 working days)
    deadline(tree.dept_a, "整改时限", D(2026, 5, 1), stopped=D(2026, 5, 1))  # stopped: not an alert
    deadline(tree.dept_b, "备案时限", D(2026, 6, 10))
    deadline(tree.dept_b, "任务完成时限", D(2026, 9, 1))  # on time: not an alert
    got = {a.label: (a.overdue, a.due_soon) for a in selectors.alerts(SYSTEM, tree.city)[0]}
    assert got == {"整改时限": (2, 1), "备案时限": (1, 0)}
    alerts_a = selectors.alerts(SYSTEM, tree.county_a)[0]
    assert [(a.label, a.overdue, a.due_soon) for a in alerts_a] == [("整改时限", 2, 1)]
    assert "region=990102" in alerts_a[0].overdue_url and "status=overdue" in alerts_a[0].overdue_url
    # The link lists exactly those deadlines.
    from django.test import Client

    client = Client()
    client.force_login(tree.admin)
    page = client.get(alerts_a[0].overdue_url).content.decode()
    assert page.count("东城区市场监督管理局</td>") + page.count("东城区司法局</td>") == 2
    # Another county's coordinator sees no alert of county A.
    assert [(a.label, a.overdue) for a in selectors.alerts(tree.outsider, tree.city)[0]] == [("备案时限", 1)]


def test_page_for_a_leader_and_access(keys, dated, client_as, django_assert_max_num_queries):
    client = client_as(dated.leader_a)
    url = reverse("dashboard:index")
    with django_assert_max_num_queries(20):
        response = client.get(url + "?year=2026")
    page = response.content.decode()
    assert response.status_code == 200
    # A county leader lands on their county.
    assert "领导驾驶舱 · 东城区 · 2026年" in page and 'id="trend-chart"' in page
    assert "echarts.min.js" in page and "dashboard.js" in page
    # A region the user may not see reads like one that does not exist, and changes nothing.
    response = client.get(url + "?region=990103&year=2026")
    assert response.status_code == 400 and "区划不存在或您无权查看" in response.content.decode()
    assert client.get(url + "?period=q9").status_code == 400
    client.logout()
    assert client.get(url).status_code == 302


def test_whole_page_cost_does_not_grow_with_departments(keys, dated, client_as, django_assert_max_num_queries):
    client = client_as(dated.admin)
    url = reverse("dashboard:index") + "?region=990100&year=2026"
    with django_assert_max_num_queries(20) as before:
        client.get(url)
    for i in range(15):
        Unit.objects.create(name=f"示范市部门{i}", unit_type="department", region=dated.city, parent=dated.city_gov)
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert "示范市部门14" in page


def test_comparison_table_sorts_by_its_headers(keys, dated, client_as):
    client = client_as(dated.admin)
    page = client.get(reverse("dashboard:index") + "?region=990100&year=2026").content.decode()
    assert "sort=-value#compare-h" in page
    page = client.get(reverse("dashboard:index") + "?region=990100&year=2026&sort=-value").content.decode()
    table = page[page.index('id="compare-table"'):]
    assert table.index("西山县") < table.index("东城区") < table.index("示范市司法局")
    assert "sort=value#compare-h" in table


def test_exports_are_real_workbooks(keys, dated, client_as):
    client = client_as(dated.admin)
    base = reverse("dashboard:index") + "?region=990100&year=2026"
    rows = {}
    for table in ("keys", "trend", "compare"):
        response = client.get(base + f"&export={table}")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows[table] = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows["keys"][0][:4] == ["指标", "本期", "上期", "变化"]
    assert len(rows["keys"]) == 4 and rows["keys"][1][1:4] == ["5", "4", "较上期+1（+25.00%）"]
    assert rows["trend"][3] == ["3月", "3"] and rows["trend"][5] == ["5月", "2"]
    assert rows["compare"][1:] == [["东城区", "区划", "2"], ["西山县", "区划", "3"], ["示范市司法局", "部门", "0"]]


def test_figure_definitions_page_is_public_and_complete(client):
    response = client.get(reverse("figures:definitions"))
    page = response.content.decode()
    assert response.status_code == 200
    for figure in registry.figures():
        assert f'id="{figure.key}"' in page
    assert "国发〔2015〕33号" in page  # a legal source
    assert "行政规范性文件" in page  # the records a figure counts
