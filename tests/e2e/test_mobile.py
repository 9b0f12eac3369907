"""From 360 px wide up, no main page scrolls sideways and the header (language button included) fits."""

import pytest
from playwright.sync_api import Page

from tests.e2e.test_accessibility import log_in

pytestmark = pytest.mark.django_db(transaction=True)
PUBLIC = [
    "/",
    "/guideline/",
    "/guideline/hk-genai-2025-12/obligations/?role=provider",
    "/guideline/hk-genai-2025-12/triage/",
    "/guideline/changes/?from=hk-genai-2025-04&to=hk-genai-2025-12",
    "/guideline/changes/?from=nope&to=hk-genai-2025-12",
    "/scoring-method/",
    "/verify/",
    "/accounts/login/",
    "/accounts/signup/",
    "/no-such-page/",
]
OVERFLOW = """() => ({
  width: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  language: document.querySelector(".language-switch button").getBoundingClientRect().right,
})"""


def _check(page: Page, url: str) -> None:
    page.goto(url)
    seen = page.evaluate(OVERFLOW)
    assert seen["width"] <= seen["viewport"], (url, seen)
    assert seen["language"] <= seen["viewport"], (url, seen)


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_public_pages_fit_a_360_px_screen(phone, live_server, guideline, language):
    phone.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for path in PUBLIC:
        _check(phone, live_server.url + path)


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_member_pages_fit_a_360_px_screen(phone, live_server, draft_and_submitted, system, owner, language):
    draft, submitted = draft_and_submitted
    phone.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(phone, live_server, owner) if language == "en" else _log_in_chinese(phone, live_server, owner)
    for path in (
        "/dashboard/",
        f"/organisations/{system.organisation_id}/",
        f"/systems/{system.pk}/",
        f"/assessments/{draft.pk}/",
        f"/assessments/{draft.pk}/triage/",
        f"/assessments/{draft.pk}/sections/privacy/",
        f"/assessments/{draft.pk}/review/",
        f"/assessments/{submitted.pk}/results/",
        "/accounts/email/",
    ):
        _check(phone, live_server.url + path)


def _log_in_chinese(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
