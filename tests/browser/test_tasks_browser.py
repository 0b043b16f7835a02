"""The county office creates a plan, a measure and a task for a department and issues the plan; the
department's legal officer reports progress with evidence; the office accepts the report, then the
completed task — in a real Chromium."""

import datetime
import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from fazhi.tasks.models import Plan, ProgressReport, Task  # noqa: E402

from .test_browser import chromium_page, screenshot  # noqa: E402

pytestmark = pytest.mark.browser
D = datetime.date
PASSWORD = "Secret-pass-123"


def log_in(page: Page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    form = page.locator("form").filter(has=page.locator('input[name="password"]'))
    form.locator('[name="username"]').fill(user.username)
    form.locator('[name="password"]').fill(PASSWORD)
    form.locator('button[type="submit"]').click()
    page.wait_for_url(f"{base}/")


def step(page: Page, label: str, comment: str = "") -> None:
    form = page.locator("form").filter(has=page.get_by_role("button", name=label, exact=True))
    if comment:
        form.locator('[name="comment"]').fill(comment)
    form.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")


def test_plan_task_progress_accept(live_server, transactional_db, tree, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: D(2026, 3, 2))
    base = live_server.url
    with chromium_page("tasks", viewport={"width": 1280, "height": 900}) as page:
        log_in(page, base, tree.coordinator_a)
        page.goto(f"{base}/tasks/plans/new/")
        page.get_by_label("计划名称").fill("东城区2026年法治政府建设工作要点")
        page.locator('input[name="unit_q"]').fill(tree.justice_a.name)
        page.get_by_label("起始日期").fill("2026-01-01")
        page.get_by_label("截止日期").fill("2026-12-31")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("h1")).to_have_text("东城区2026年法治政府建设工作要点")
        plan = Plan.objects.get()

        page.get_by_role("link", name="新增措施").click()
        page.get_by_label("措施名称").fill("全面推行行政执法三项制度")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("body")).to_contain_text("1. 全面推行行政执法三项制度")

        page.get_by_role("link", name="新增任务").last.click()  # the measure's own link
        page.get_by_label("任务名称").fill("完善行政执法公示平台")
        page.locator('input[name="lead_unit_q"]').fill(tree.dept_a.name)
        page.get_by_label("配合单位").fill("东城街道办事处")
        page.get_by_label("责任领导").fill("王副区长")
        page.get_by_label("完成时限").fill("2025-12-31")  # before the plan starts: refused
        page.get_by_role("button", name="保存").click()
        expect(page.locator("body")).to_contain_text("不得早于计划起始日期（2026-01-01）")
        page.get_by_label("完成时限").fill("2026-06-30")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("h1")).to_have_text("完善行政执法公示平台")
        task = Task.objects.get()

        page.goto(f"{base}/tasks/plans/{plan.pk}/")
        step(page, "印发")
        expect(page.locator("body")).to_contain_text("当前状态：已印发")

        # The department's legal officer reports progress with evidence.
        log_in(page, base, tree.officer_a)
        page.goto(f"{base}/tasks/")
        page.get_by_role("link", name="1.1").click()
        expect(page.locator("body")).to_contain_text("任务完成时限")
        page.get_by_role("link", name="报送进度").click()
        page.get_by_label("完成进度（%）").fill("100")
        page.get_by_label("进展情况").fill("公示平台已上线运行。")
        evidence = tmp_path / "上线通知.pdf"
        evidence.write_bytes(b"%PDF-1.4 test")
        page.get_by_label("佐证材料").set_input_files(str(evidence))
        page.get_by_role("button", name="保存").click()
        expect(page.locator("body")).to_contain_text("当前状态：推进中")
        expect(page.locator("body")).to_contain_text("公示平台已上线运行。")
        step(page, "申请办结")
        expect(page.locator("body")).to_contain_text("当前状态：申请办结")
        screenshot(page, "tasks-submitted")

        # The office accepts the report and the task.
        log_in(page, base, tree.coordinator_a)
        report = ProgressReport.objects.get()
        page.goto(f"{base}/tasks/progress/{report.pk}/")
        expect(page.locator("body")).to_contain_text("上线通知.pdf")
        step(page, "采纳", comment="进展属实")
        expect(page.locator("body")).to_contain_text("当前状态：已采纳")
        page.goto(f"{base}/tasks/{task.pk}/")
        step(page, "确认完成")
        expect(page.locator("body")).to_contain_text("当前状态：已完成")
    task.refresh_from_db()
    assert (task.state, task.completed_on, task.progress) == ("done", D(2026, 3, 2), 100)
