"""An enforcement officer takes a major penalty case through legal review to publication on the
portal, in a real Chromium: the gates refuse with their article, the reviewer is not a case officer,
and the portal shows the decision with the party masked."""

import datetime
import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from fazhi.cases.models import EnforcementCase  # noqa: E402
from fazhi.core.validators import id_number_check_char  # noqa: E402

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


def upload(page: Page, tmp_path, kind: str) -> None:
    form = page.locator("form").filter(has=page.locator('[name="kind"]'))
    form.locator('[name="kind"]').select_option(label=kind)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(b"%PDF-1.4 test")
    form.locator('[name="file"]').set_input_files(str(path))
    form.get_by_role("button", name="上传").click()
    page.wait_for_load_state("load")


def person_id(seq: int) -> str:
    first17 = f"11010519800101{seq:03d}"
    return first17 + id_number_check_char(first17)


def test_major_case_through_review_to_the_portal(live_server, transactional_db, tree, monkeypatch, tmp_path,
                                                   settings):
    from fazhi.enforcement import services as enforcement
    from fazhi.enforcement.models import join_fields

    settings.MEDIA_ROOT = tmp_path / "media"
    today = {"d": D(2025, 11, 3)}
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: today["d"])
    body = enforcement.create_body(actor=tree.coordinator_a, unit=tree.dept_a, kind="organ",
                                   enforcement_fields=join_fields(["market"]),
                                   legal_basis="《中华人民共和国行政处罚法》第十七条", published_on=D(2025, 3, 1))
    officers = [enforcement.create_officer(
        actor=tree.officer_a, name=name, id_number=person_id(n), body=body, certificate_number=f"9901020000{n:02d}",
        field="market", issued_on=D(2021, 1, 1), expires_on=D(2026, 12, 31), legal_qualification=n == 3)
        for n, name in enumerate(["张执法", "李执法", "王审核"], start=1)]
    enforcement.create_item(actor=tree.officer_a, code="SCJG-0001", name="对未取得许可从事食品经营的处罚",
                            item_type="penalty", field="market", body=body,
                            legal_basis="《中华人民共和国食品安全法》第一百二十二条")
    party_id = person_id(555)
    base = live_server.url
    with chromium_page("cases", viewport={"width": 1280, "height": 900}) as page:
        # The officer registers a major case with two certified officers and an independent reviewer.
        log_in(page, base, tree.officer_a)
        page.goto(f"{base}/cases/new/")
        page.locator('[name="body"]').select_option(label=tree.dept_a.name)
        page.locator('[name="number"]').fill("东市监罚〔2025〕18号")
        page.locator('[name="item"]').select_option(index=1)
        page.get_by_label(str(officers[0])).check()
        page.get_by_label(str(officers[1])).check()
        page.locator('[name="party_kind"]').select_option(label="自然人")
        page.locator('[name="party_name"]').fill("王小明")
        page.locator('[name="party_id_number"]').fill(party_id)
        page.locator('[name="cause"]').fill("未取得食品经营许可从事食品销售")
        page.locator('[name="facts"]').fill("经查，当事人未取得食品经营许可，在东城街道销售散装熟食。")
        page.locator('[name="major"]').check()
        page.locator('[name="fine_amount"]').fill("80000")
        page.locator('[name="reviewer"]').select_option(label=str(officers[2]))
        page.locator('[name="registered_on"]').fill("2025-11-03")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("h1")).to_contain_text("东市监罚〔2025〕18号")
        case = EnforcementCase.objects.get()
        expect(page.locator("body")).to_contain_text("2026-02-02")  # 90 days (art. 60), Sunday → Monday

        today["d"] = D(2025, 11, 12)
        step(page, "开始调查取证", date="2025-11-04")
        expect(page.locator('[aria-label="不能执行“告知拟处罚内容及权利”的原因"]')).to_contain_text("证据材料")
        upload(page, tmp_path, "证据材料、调查笔录")
        upload(page, tmp_path, "行政处罚事先告知书")
        step(page, "告知拟处罚内容及权利", date="2025-11-10")
        # A major case cannot be decided before a passed legal review (art. 58).
        expect(page.locator('[aria-label="不能执行“作出决定”的原因"]')).to_contain_text("第五十八条")
        # A fine of 80,000 yuan on a person gives a hearing right (art. 63): the notice told the party,
        # and the case waits out the five days in which the party may ask for a hearing (art. 64; the
        # fifth day, Saturday 15 November, moves to Monday 17 November).
        expect(page.locator("body")).to_contain_text("告知时已告知听证权利")
        expect(page.locator('[aria-label="不能执行“送法制审核”的原因"]')).to_contain_text("第六十四条")
        today["d"] = D(2025, 11, 24)
        page.reload()
        step(page, "送法制审核", date="2025-11-18")
        expect(page.locator("body")).to_contain_text("法制审核期限")
        screenshot(page, "cases-in-review")

        # The justice bureau's reviewer (not a case officer) gives the opinion and passes the review.
        log_in(page, base, tree.reviewer_a)
        page.goto(f"{base}/cases/{case.pk}/")
        upload(page, tmp_path, "法制审核意见")
        step(page, "法制审核通过", date="2025-11-19")
        expect(page.locator("body")).to_contain_text("法制审核通过")

        # The officer: collective discussion, decision, service, publication.
        log_in(page, base, tree.officer_a)
        page.goto(f"{base}/cases/{case.pk}/edit/")
        page.locator('[name="outcome"]').select_option(label="给予行政处罚")
        page.get_by_role("button", name="保存").click()
        step(page, "负责人集体讨论", date="2025-11-20")
        upload(page, tmp_path, "行政处罚决定书")
        step(page, "作出决定", date="2025-11-20")
        expect(page.locator("body")).to_contain_text("2025-12-01")  # publish within 7 working days
        step(page, "送达决定书")
        step(page, "在门户网站公示")
        expect(page.locator("body")).to_contain_text("已公示")
        screenshot(page, "cases-published")

        # The portal, anonymously: the decision with the party's name and ID number masked.
        page.context.clear_cookies()
        page.goto(f"{base}/cases/public/decisions/")
        expect(page.locator("body")).to_contain_text("东市监罚〔2025〕18号")
        expect(page.locator("body")).to_contain_text("王**")
        expect(page.locator("body")).not_to_contain_text("王小明")
        expect(page.locator("body")).not_to_contain_text(party_id)
        screenshot(page, "cases-portal")
    case.refresh_from_db()
    assert case.state == "published" and case.review_conclusion == "passed" and case.published_on == D(2025, 11, 24)
    assert case.hearing_right and case.decided_on == D(2025, 11, 20)
