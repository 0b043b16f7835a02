"""The office defines a small indicator system (one computed, one evidence-scored indicator), opens a
round, county A uploads evidence, a reviewer scores, the ranking appears — and moves when the records
behind the computed indicator change."""

import datetime
import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from fazhi.assessment.models import AssessmentRound, IndicatorSystem, Participant, ScoreEntry  # noqa: E402
from fazhi.assessment.tests.conftest import documents  # noqa: E402

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


def step(page: Page, label: str) -> None:
    form = page.locator("form").filter(has=page.get_by_role("button", name=label, exact=True))
    form.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")


def add_indicator(page: Page, base: str, system: IndicatorSystem, **fields) -> None:
    page.goto(f"{base}/assessment/systems/{system.pk}/indicators/new/")
    page.get_by_label("指标名称").fill(fields["name"])
    page.get_by_label("分值").fill(fields["points"])
    page.get_by_label("评分方式").select_option(label=fields["method"])
    for label in ("数据指标代码", "评分规则", "评分标准"):
        if label in fields:
            page.get_by_label(label).fill(fields[label])
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("load")


def score(page: Page, entry: ScoreEntry, value: str, comment: str = "") -> None:
    page.locator(f"#score-{entry.pk}").fill(value)
    if comment:
        page.locator(f"#comment-{entry.pk}").fill(comment)
    page.locator(f"#entry-{entry.pk}").get_by_role("button", name="保存评分").click()
    page.wait_for_load_state("load")


def test_office_defines_runs_and_ranks(live_server, transactional_db, tree, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: D(2025, 12, 1))
    documents(tree, tree.dept_a, filed=1, unfiled=1)  # county A: 50% filed
    base = live_server.url
    with chromium_page("assessment", viewport={"width": 1400, "height": 1000}) as page:
        # The office defines the system in the browser.
        log_in(page, base, tree.city_coordinator)
        page.goto(f"{base}/assessment/systems/new/")
        page.locator('input[name="unit_q"]').fill(tree.city_justice.name)
        page.get_by_label("指标体系名称").fill("2025年度县（市、区）法治政府建设考核")
        page.get_by_label("适用年度").fill("2025")
        page.get_by_label("县（市、区）").check()
        page.get_by_role("button", name="保存").click()
        expect(page.locator("h1")).to_contain_text("2025年度县（市、区）法治政府建设考核")
        system = IndicatorSystem.objects.get()
        # A figure that does not exist is refused in Chinese.
        add_indicator(page, base, system, name="规范性文件报备率", points="60", method="数据自动",
                      数据指标代码="rulemaking.no_such", 评分规则="比例")
        expect(page.locator("body")).to_contain_text("数据指标代码“rulemaking.no_such”不存在")
        add_indicator(page, base, system, name="规范性文件报备率", points="60", method="数据自动",
                      数据指标代码="rulemaking.filing.rate", 评分规则="比例")
        expect(page.locator("body")).to_contain_text("一级指标分值合计60分，与总分100分不符。")
        add_indicator(page, base, system, name="法治政府建设年度报告", points="40", method="材料评分",
                      评分标准="按时报送并向社会公开的得满分。")
        expect(page.locator("body")).not_to_contain_text("分值不平衡")

        # A round with both counties, opened.
        page.goto(f"{base}/assessment/rounds/new/")
        page.locator('input[name="unit_q"]').fill(tree.city_justice.name)
        page.get_by_label("指标体系").select_option(label=str(system))
        page.get_by_label("考核名称").fill("2025年度县（市、区）法治政府建设考核")
        page.get_by_label("考核年度").fill("2025")
        page.get_by_label("自评及材料提交截止日").fill("2025-12-10")
        page.get_by_role("button", name="保存").click()
        page.get_by_label(tree.gov_a.name).check()
        page.get_by_label(tree.gov_b.name).check()
        page.get_by_role("button", name="增加").click()
        step(page, "启动考核")
        expect(page.locator("body")).to_contain_text("当前状态：自评")
        round_ = AssessmentRound.objects.get()
        sheet_a = Participant.objects.get(unit=tree.gov_a)
        sheet_b = Participant.objects.get(unit=tree.gov_b)
        report_a = ScoreEntry.objects.get(participant=sheet_a, indicator__name="法治政府建设年度报告")

        # County A uploads its evidence and submits; the computed indicator already shows its value.
        log_in(page, base, tree.coordinator_a)
        page.goto(f"{base}/assessment/sheets/{sheet_a.pk}/")
        expect(page.locator("body")).to_contain_text("50.00%（1/2）")
        path = tmp_path / "东城区法治政府建设年度报告.pdf"
        path.write_bytes(b"%PDF-1.4 report")
        page.locator(f"#evidence-{report_a.pk}").set_input_files(str(path))
        page.locator(f"#entry-{report_a.pk}").get_by_role("button", name="上传", exact=True).click()
        expect(page.locator(f"#entry-{report_a.pk}")).to_contain_text("东城区法治政府建设年度报告.pdf")
        screenshot(page, "assessment-sheet")
        page.get_by_role("button", name="提交自评").click()
        expect(page.locator("body")).to_contain_text("已提交自评")

        # The reviewer (the office) scores; county B has no documents, so its computed one is scored by hand.
        log_in(page, base, tree.city_coordinator)
        page.goto(f"{base}/assessment/rounds/{round_.pk}/")
        step(page, "开始评审")
        page.goto(f"{base}/assessment/sheets/{sheet_a.pk}/")
        score(page, report_a, "35", "报告未按时公开")
        page.goto(f"{base}/assessment/sheets/{sheet_b.pk}/")
        score(page, ScoreEntry.objects.get(participant=sheet_b, indicator__name="规范性文件报备率"), "50")
        score(page, ScoreEntry.objects.get(participant=sheet_b, indicator__name="法治政府建设年度报告"), "20")

        # The ranking: B 70 before A 30 + 35 = 65.
        page.goto(f"{base}/assessment/rounds/{round_.pk}/ranking/")
        rows = page.locator("tbody tr")
        expect(rows.nth(0)).to_contain_text(tree.gov_b.name)
        expect(rows.nth(0)).to_contain_text("70.00")
        expect(rows.nth(1)).to_contain_text("65.00")
        screenshot(page, "assessment-ranking")

        # County A files its second document: the computed score and the ranking follow.
        from fazhi.core.access import SYSTEM
        from fazhi.core.audit import acting_as
        from fazhi.rulemaking.models import NormativeDocument

        doc = NormativeDocument.objects.get(filed_on__isnull=True)
        doc.filed_on, doc.state = D(2025, 11, 20), "filed"
        with acting_as(SYSTEM):
            doc.save()
        page.reload()
        expect(rows.nth(0)).to_contain_text(tree.gov_a.name)
        expect(rows.nth(0)).to_contain_text("95.00")
