"""End-to-end checks in a real Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Playwright's own browser download is not used (and is impossible offline): install the Debian packages
with `bash scripts/system-packages.sh` (chromium, fonts-noto-cjk). Screenshots go to test-artifacts/.

    bash scripts/test tests/browser            # only these
    bash scripts/test -m "not browser"         # everything else
"""

import os

# Playwright's sync API runs an asyncio loop in this thread; the ORM calls made here are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import contextlib  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from fazhi.core.models import User  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000

USERNAME = "browser"
PASSWORD = "Secret-pass-123"
FULL_NAME = "测试用户"

PHONE = {"width": 375, "height": 667}


@contextlib.contextmanager
def chromium_page(name: str, **context_options):
    """A fresh Chromium page; on an exception a screenshot test-artifacts/<name>-failure.png is kept."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Browser tests use Debian's chromium, not a Playwright "
            "download: run `bash scripts/system-packages.sh` (installs chromium and fonts-noto-cjk).",
            pytrace=False,
        )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **context_options)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            try:
                yield page
            except BaseException:
                with contextlib.suppress(Exception):
                    page.screenshot(path=ARTIFACTS / f"{name}-failure.png", full_page=True)
                raise
        finally:
            browser.close()


def screenshot(page: Page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    assert path.is_file(), f"no screenshot written at {path}"
    assert path.stat().st_size > 0, f"empty screenshot {path}"
    with path.open("rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    return path


def make_user() -> User:
    return User.objects.create_user(username=USERNAME, password=PASSWORD, full_name=FULL_NAME)


def log_in(page: Page, base_url: str, shot: str | None = None) -> None:
    """Log in through the login form at /accounts/login/ and land on the home page."""
    response = page.goto(f"{base_url}/accounts/login/")
    assert response is not None and response.ok, f"GET /accounts/login/ → {response and response.status}"
    form = page.locator("form").filter(has=page.locator('input[name="password"]'))
    expect(form).to_have_count(1)
    form.locator('[name="username"]').fill(USERNAME)
    form.locator('[name="password"]').fill(PASSWORD)
    if shot:
        screenshot(page, shot)
    form.locator('button[type="submit"], input[type="submit"], button:not([type])').first.click()
    page.wait_for_url(f"{base_url}/")


def set_field(form, name: str, value: str) -> None:
    """Fill a form field whatever its widget: <select>, radio buttons / checkboxes, or an <input>."""
    fields = form.locator(f'[name="{name}"]')
    expect(fields.first).to_be_attached()
    field = fields.first
    tag = field.evaluate("e => e.tagName.toLowerCase()")
    kind = (field.get_attribute("type") or "").lower()
    if tag == "select":
        field.select_option(value)
    elif kind in {"radio", "checkbox"}:
        form.locator(f'[name="{name}"][value="{value}"]').check()
    else:
        field.fill(value)


def test_login_home_and_deadline_calculator(live_server, transactional_db):
    make_user()
    base = live_server.url
    with chromium_page("desktop", viewport={"width": 1280, "height": 900}) as page:
        log_in(page, base, shot="login")

        # The home page greets the user by name.
        expect(page.locator("body")).to_contain_text(FULL_NAME)
        screenshot(page, "home")

        # The deadline calculator: 7 working days from 2025-09-26 (over the National Day holiday).
        response = page.goto(f"{base}/calendar/")
        assert response is not None and response.ok, f"GET /calendar/ → {response and response.status}"
        # The form with the term `n` (the page may hold other forms, e.g. days between two dates).
        form = page.locator("form").filter(has=page.locator('[name="n"]')).first
        expect(form).to_be_attached()
        # The start date field is `start` (the stated contract); `date` is accepted too.
        start_name = "start" if form.locator('[name="start"]').count() else "date"
        set_field(form, start_name, "2025-09-26")
        set_field(form, "n", "7")
        set_field(form, "unit", "working_day")
        submit = form.locator('button[type="submit"], input[type="submit"], button:not([type])')
        if submit.count():
            submit.first.click()
        else:
            form.locator('[name="n"]').first.press("Enter")
        # A plain GET navigation or an htmx swap: either way the answer appears on the page.
        expect(page.locator("body")).to_contain_text("2025-10-13")
        screenshot(page, "calendar")


def test_home_fits_a_phone_screen(live_server, transactional_db):
    make_user()
    base = live_server.url
    with chromium_page(
        "phone", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ) as page:
        log_in(page, base)
        expect(page.locator("body")).to_contain_text(FULL_NAME)
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        screenshot(page, "home-phone")
        # For the failure message: the first few elements sticking out on the right.
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                          + (typeof e.className === 'string' && e.className ? '.' + e.className : ''))"""
        )
        assert scroll_width <= PHONE["width"] + 1, (
            f"the home page scrolls sideways on a {PHONE['width']}px wide phone: "
            f"document.documentElement.scrollWidth = {scroll_width}; too wide: {overflowing}"
        )
