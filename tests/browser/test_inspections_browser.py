"""The office issues a rectification item from an inspection finding; the item goes overdue; the office sends
a reminder letter (a Word file, downloaded and opened here); the unit uploads evidence and reports; the office
closes the item out — in a real Chromium."""

import datetime
import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import docx  # noqa: E402
import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from fazhi.inspections import services  # noqa: E402
from fazhi.inspections.models import Escalation, ItemState, RectificationItem  # noqa: E402
from fazhi.procedures.models import Deadline  # noqa: E402

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


def step(page: Page, label: str, date: str = "", comment: str = "") -> None:
    form = page.locator("form").filter(has=page.get_by_role("button", name=label, exact=True))
    if date:
        form.locator('[name="on"]').fill(date)
    if comment:
        form.locator('[name="comment"]').fill(comment)
    form.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")


def test_finding_to_overdue_item_reminder_letter_evidence_and_close_out(
        live_server, transactional_db, tree, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = {"d": D(2026, 3, 10)}
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: today["d"])
    inspection = services.create_inspection(
        actor=tree.coordinator_a, organizer=tree.justice_a, title="东城区2026年法治政府建设督察", level="county",
        start_on=D(2026, 3, 2), end_on=D(2026, 3, 6), by_hearing=True, by_files=True, inspected_units=[tree.dept_a])
    finding = services.create_finding(
        actor=tree.coordinator_a, inspection=inspection, unit=tree.dept_a, category="enforcement",
        found_on=D(2026, 3, 5), description="行政执法公示信息更新不及时。")
    base = live_server.url
    with chromium_page("inspections", viewport={"width": 1280, "height": 900}) as page:
        # The office issues the requirement: first with a deadline before the finding (refused), then right.
        log_in(page, base, tree.coordinator_a)
        page.goto(f"{base}/inspections/findings/{finding.pk}/")
        page.get_by_role("link", name="交办整改事项").click()
        page.get_by_label("整改要求").fill("逐件补录处罚决定公示信息，建立定期更新机制。")
        page.get_by_label("整改措施").fill("明确专人负责，每周核对一次。")
        page.get_by_label("责任领导").fill("李四（副局长）")
        page.get_by_label("交办日期").fill("2026-03-10")
        page.get_by_label("整改时限").fill("2026-03-01")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("body")).to_contain_text("整改时限（2026-03-01）不得早于发现问题日期（2026-03-05）")
        assert not RectificationItem.objects.exists()
        page.get_by_label("整改时限").fill("2026-04-30")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("h1")).to_have_text("整改事项")
        item = RectificationItem.objects.get()
        assert Deadline.objects.for_record(item).get().due_on == D(2026, 4, 30)
        expect(page.locator("body")).to_contain_text("剩余")

        # A month and a half later the item is overdue: the office sends a reminder letter.
        today["d"] = D(2026, 5, 15)
        page.reload()
        expect(page.locator("body")).to_contain_text("已逾期 15 天")
        page.get_by_label("督办方式").select_option(label="督办函")
        page.get_by_role("button", name="记录督办").click()
        expect(page.locator("body")).to_contain_text("已记录督办函")
        with page.expect_download() as info:
            page.get_by_role("link", name="下载督办函").click()
        path = tmp_path / "letter.docx"
        info.value.save_as(path)
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        for part in ("督办函", "东城区市场监督管理局：", "逐件补录处罚决定公示信息", "2026年4月30日", "15天",
                     "东城区司法局", "2026年5月15日"):
            assert part in text, part
        screenshot(page, "inspections-reminder-letter")

        # The unit's legal officer uploads evidence (a wrong type first) and reports.
        log_in(page, base, tree.officer_a)
        page.goto(f"{base}/inspections/ledger/{item.pk}/")
        expect(page.locator('[aria-label="不能执行“报送整改材料”的原因"]')).to_contain_text("缺少附件“整改佐证材料”")
        bad = tmp_path / "整改情况.exe"
        bad.write_bytes(b"MZ")
        page.locator('input[name="file"]').set_input_files(str(bad))
        page.get_by_role("button", name="上传佐证材料").click()
        expect(page.locator("body")).to_contain_text("类型不允许上传")
        good = tmp_path / "整改情况报告.pdf"
        good.write_bytes(b"%PDF-1.4 evidence")
        page.locator('input[name="file"]').set_input_files(str(good))
        page.get_by_role("button", name="上传佐证材料").click()
        expect(page.locator("body")).to_contain_text("已上传整改佐证材料")
        expect(page.locator("body")).to_contain_text("整改情况报告.pdf")
        step(page, "开始整改")
        step(page, "报送整改材料")
        expect(page.locator("body")).to_contain_text("当前状态：已报送整改材料")

        # The office closes the item out.
        log_in(page, base, tree.coordinator_a)
        page.goto(f"{base}/inspections/ledger/{item.pk}/")
        step(page, "销号", date="2026-05-15")
        expect(page.locator("body")).to_contain_text("当前状态：已销号")
        screenshot(page, "inspections-closed")

        page.goto(f"{base}/inspections/ledger/?state=closed")
        expect(page.locator("body")).to_contain_text("逐件补录处罚决定公示信息")
    item.refresh_from_db()
    assert (item.state, item.closed_on, item.escalation) == (ItemState.CLOSED, D(2026, 5, 15), "reminder_letter")
    assert Deadline.objects.for_record(item).get().stopped_on == D(2026, 5, 15)
    assert Escalation.objects.get().days_overdue == 15
