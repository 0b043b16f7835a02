"""A cadre sits a pre-appointment law exam in a real Chromium: starts it from 我的考试, answers every
question (radio buttons, check boxes, true/false), hands the paper in and sees the score at once."""

import os
import re

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from fazhi.study.models import Sitting, SittingState  # noqa: E402
from fazhi.study.tests.conftest import make_bank, make_exam  # noqa: E402

from .test_browser import chromium_page, screenshot  # noqa: E402

pytestmark = pytest.mark.browser
PASSWORD = "Secret-pass-123"


def log_in(page: Page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    form = page.locator("form").filter(has=page.locator('input[name="password"]'))
    form.locator('[name="username"]').fill(user.username)
    form.locator('[name="password"]').fill(PASSWORD)
    form.locator('button[type="submit"]').click()
    page.wait_for_url(f"{base}/")


def test_cadre_sits_an_exam_and_sees_the_score(live_server, transactional_db, tree):
    make_bank(tree)
    exam = make_exam(tree)
    base = live_server.url
    with chromium_page("study", viewport={"width": 1280, "height": 900}) as page:
        log_in(page, base, tree.officer_a)
        page.get_by_role("link", name="我的考试").click()
        expect(page.locator("body")).to_contain_text(exam.title)
        page.get_by_role("button", name="开始考试").click()
        expect(page.locator("body")).to_contain_text("交卷截止时间")
        # The countdown runs in the page: m:ss, and a second later a different value.
        countdown = page.locator("#countdown")
        expect(countdown).to_have_text(re.compile(r"^\d+:\d\d$"))
        first = countdown.inner_text()
        expect(countdown).not_to_have_text(first, timeout=3000)
        sitting = Sitting.objects.get(candidate=tree.officer_a)
        # Everything right except the last true/false question (18 - 1 = 17 of 18 points).
        for item in sitting.items.all():
            if item.qtype == "judge":
                value = item.correct if item.position < 10 else ("F" if item.correct == "T" else "T")
                page.locator(f'input[name="q{item.position}"][value="{value}"]').check()
            else:
                for letter in item.correct:
                    page.locator(f'input[name="q{item.position}"][value="{letter}"]').check()
        page.get_by_role("button", name="交卷").click()
        expect(page.locator("#result")).to_contain_text("得分：17 / 18")
        expect(page.locator("#result")).to_contain_text("合格")
        screenshot(page, "study-exam-result")
    sitting.refresh_from_db()
    assert (sitting.state, sitting.score, sitting.passed) == (SittingState.SUBMITTED, 17, True)
