"""A county leader opens the dashboard, changes the period, and drills a number down to the records
it counts; the charts are drawn (ECharts, vendored) and the comparison leads to records too."""

import datetime
import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from fazhi.dashboard import selectors  # noqa: E402
from fazhi.dashboard.tests.test_dashboard import SH, created  # noqa: E402

from .test_assessment_browser import log_in  # noqa: E402
from .test_browser import chromium_page, screenshot  # noqa: E402

pytestmark = pytest.mark.browser


def test_leader_changes_the_period_and_drills_down(live_server, transactional_db, tree, monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: datetime.date(2026, 6, 15))
    monkeypatch.setattr(selectors, "KEY_FIGURES", ("tree.units.new", "tree.units.total"))
    monkeypatch.setattr(selectors, "TREND_DEFAULT", "tree.units.new")
    monkeypatch.setattr(selectors, "COMPARE_DEFAULT", "tree.units.new")
    for unit in (tree.city_gov, tree.city_justice, tree.gov_b, tree.justice_b, tree.dept_b):
        created(unit, datetime.datetime(2025, 4, 1, 9, tzinfo=SH))
    created(tree.gov_a, datetime.datetime(2026, 2, 10, 9, tzinfo=SH))
    created(tree.justice_a, datetime.datetime(2026, 2, 11, 9, tzinfo=SH))
    created(tree.dept_a, datetime.datetime(2026, 5, 20, 9, tzinfo=SH))
    created(tree.street_a, datetime.datetime(2026, 5, 21, 9, tzinfo=SH))
    base = live_server.url
    with chromium_page("dashboard", viewport={"width": 1400, "height": 1000}) as page:
        log_in(page, base, tree.leader_a)
        page.get_by_role("link", name="领导驾驶舱").first.click()
        expect(page.locator("h1")).to_contain_text("领导驾驶舱 · 东城区 · 2026年")
        kpi = page.locator('[id="kpi-tree.units.new"]')
        expect(kpi.locator(".kpi-value a")).to_have_text("4")
        expect(kpi).to_contain_text("较上期+4")
        # The charts are drawn.
        expect(page.locator("#trend-chart svg")).to_have_count(1)
        expect(page.locator("#compare-chart svg")).to_have_count(1)
        screenshot(page, "dashboard-year")
        # Change the period: the second quarter.
        page.get_by_label("期间").select_option(label="第2季度")
        page.wait_for_load_state("load")
        expect(page.locator("h1")).to_contain_text("2026年第2季度")
        expect(kpi.locator(".kpi-value a")).to_have_text("2")
        expect(kpi).to_contain_text("与上期持平")
        # Drill the number down to the records it counts.
        kpi.locator(".kpi-value a").click()
        page.wait_for_load_state("load")
        body = page.locator("main")
        expect(body).to_contain_text("东城区市场监督管理局")
        expect(body).to_contain_text("东城街道办事处")
        expect(body).not_to_contain_text("东城区司法局")  # created in February: not in Q2
        expect(body).not_to_contain_text("西山")           # another county: never shown to this leader
        screenshot(page, "dashboard-drill-down")
        # The comparison's rows lead to the records of that township.
        page.go_back()
        page.wait_for_load_state("load")
        rows = page.locator("#compare-table tbody tr")
        expect(rows).to_have_count(3)  # 东城街道, 东城区司法局, 东城区市场监督管理局
        page.locator("#compare-table tbody tr", has_text="东城街道").locator("a").click()
        page.wait_for_load_state("load")
        expect(page.locator("main")).to_contain_text("东城街道办事处")
        expect(page.locator("main")).not_to_contain_text("东城区市场监督管理局")
