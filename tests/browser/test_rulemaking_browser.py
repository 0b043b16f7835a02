"""A department legal officer and a justice-bureau reviewer take a normative document from draft to filed,
and on to in force, in a real Chromium: gates refuse with their rule, deadlines are shown."""

import datetime
import io
import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import docx  # noqa: E402
import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from fazhi.rulemaking.models import DocumentState, NormativeDocument  # noqa: E402
from fazhi.rulemaking.tests.conftest import make_body  # noqa: E402

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


def word_file(tmp_path) -> str:
    document = docx.Document()
    document.add_paragraph("第一条 为了规范市场主体信用分级分类管理，制定本办法。")
    document.add_paragraph("第二条 本办法适用于东城区行政区域内的市场主体。")
    path = tmp_path / "信用管理办法.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def step(page: Page, label: str, date: str = "") -> None:
    form = page.locator("form").filter(has=page.get_by_role("button", name=label, exact=True))
    if date:
        form.locator('[name="on"]').fill(date)
    form.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")


def test_draft_to_filed_in_the_browser(live_server, transactional_db, tree, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_body(tree.dept_a)
    today = {"d": D(2025, 8, 1)}
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: today["d"])
    base = live_server.url
    with chromium_page("rulemaking", viewport={"width": 1280, "height": 900}) as page:
        # The legal officer drafts: title, issuer, leading unit (typed), the text from a Word file.
        log_in(page, base, tree.officer_a)
        page.goto(f"{base}/rulemaking/documents/new/")
        page.get_by_label("文件名称").fill("东城区市场主体信用分级分类管理办法")
        page.get_by_label("制定主体").select_option(label=tree.dept_a.name)
        page.locator('input[name="leading_unit_q"]').fill(tree.dept_a.name)
        page.get_by_label("上传Word正文（.docx）").set_input_files(word_file(tmp_path))
        page.get_by_label("起草说明").fill("起草说明：制定背景与主要内容。")
        page.get_by_label("涉及市场主体").check()
        page.get_by_role("button", name="保存").click()
        expect(page.locator("h1")).to_have_text("东城区市场主体信用分级分类管理办法")
        expect(page.locator("body")).to_contain_text("共 2 条")
        doc = NormativeDocument.objects.get()
        assert doc.text.startswith("第一条 为了规范")

        step(page, "公开征求意见")
        expect(page.locator("body")).to_contain_text("当前状态：公开征求意见")
        # Closing at once is refused: the summary is missing and the 30-day period (market-related) has not run.
        reasons = page.locator('[aria-label="不能执行“结束征求意见，送合法性审核”的原因"]')
        expect(reasons).to_contain_text("优化营商环境条例第六十二条")
        expect(reasons).to_contain_text("征求意见期未满")
        screenshot(page, "rulemaking-comment-gate")

        today["d"] = D(2025, 9, 5)
        page.goto(f"{base}/rulemaking/documents/{doc.pk}/edit/")
        page.get_by_label("意见采纳情况说明").fill("共收到意见3条，采纳2条。")
        page.get_by_role("button", name="保存").click()
        step(page, "结束征求意见，送合法性审核", date="2025-09-01")
        expect(page.locator("body")).to_contain_text("当前状态：合法性审核")
        expect(page.locator("body")).to_contain_text("合法性审核期限")
        # Deliberation before a passed review is refused, naming the rule.
        expect(page.locator('[aria-label="不能执行“提交集体审议”的原因"]')).to_contain_text("国办发〔2018〕115号")

        # The reviewer gives the legality review opinion with the fair-competition checklist.
        log_in(page, base, tree.reviewer_a)
        page.goto(f"{base}/rulemaking/documents/{doc.pk}/reviews/new/")
        page.get_by_label("审核意见").select_option("pass")
        page.get_by_label("已进行公平竞争审查").check()
        page.get_by_role("button", name="保存").click()
        expect(page.locator("body")).to_contain_text("未发现排除、限制竞争的内容")

        # The officer: deliberation, registration, publication.
        log_in(page, base, tree.officer_a)
        page.goto(f"{base}/rulemaking/documents/{doc.pk}/")
        step(page, "提交集体审议")
        page.goto(f"{base}/rulemaking/documents/{doc.pk}/deliberations/new/")
        page.get_by_label("会议名称").fill("东城区市场监督管理局局务会议")
        page.get_by_label("会议日期").fill("2025-09-03")
        page.get_by_label("审议结果").select_option("adopted")
        page.get_by_role("button", name="保存").click()
        page.goto(f"{base}/rulemaking/documents/{doc.pk}/edit/")
        page.get_by_label("文号").fill("东市监规〔2025〕3号")
        page.get_by_label("统一登记号").fill("DCQDJ-2025-003")
        page.get_by_label("公布日期").fill("2025-09-05")
        page.get_by_label("施行日期").fill("2025-09-20")  # too early, no reason given
        page.get_by_role("button", name="保存").click()
        expect(page.locator("body")).to_contain_text("施行日期不得早于2025-10-05")
        page.get_by_label("施行日期").fill("2025-10-05")
        page.get_by_role("button", name="保存").click()
        step(page, "统一登记编号", date="2025-09-04")
        step(page, "公布")
        expect(page.locator("body")).to_contain_text("当前状态：已公布")
        # The filing deadline: 30 days from 5 September ends in the National Day holiday, moved to 9 October.
        expect(page.locator("body")).to_contain_text("报送备案期限")
        expect(page.locator("body")).to_contain_text("2025-10-09")
        expect(page.locator('[aria-label="不能执行“报送备案”的原因"]')).to_contain_text("缺少附件“备案报告”")

        for kind in ("备案报告", "规范性文件正式文本", "起草说明", "合法性审核意见"):
            form = page.locator("form").filter(has=page.locator('[name="kind"]'))
            form.locator('[name="kind"]').select_option(label=kind)
            path = tmp_path / f"{kind}.pdf"
            path.write_bytes(b"%PDF-1.4 test")
            form.locator('[name="file"]').set_input_files(str(path))
            form.get_by_role("button", name="上传").click()
            page.wait_for_load_state("load")
        today["d"] = D(2025, 10, 20)
        page.reload()
        step(page, "报送备案", date="2025-10-09")  # entered afterwards with its real date: on time
        expect(page.locator("body")).to_contain_text("当前状态：已报送备案")
        screenshot(page, "rulemaking-filed")

        log_in(page, base, tree.reviewer_a)
        page.goto(f"{base}/rulemaking/documents/{doc.pk}/")
        step(page, "备案审查：符合")
        expect(page.locator("body")).to_contain_text("当前状态：有效")
    doc.refresh_from_db()
    assert doc.state == DocumentState.IN_FORCE
    assert (doc.filed_on, doc.filing_due_on, doc.filing_materials_complete) == (D(2025, 10, 9), D(2025, 10, 9), True)
