"""The Content-Security-Policy allows no inline script or style: the pages must work under it, with no
violation reported by the browser (htmx, the charts, the TOTP QR code and the API docs included)."""

import pytest
from playwright.sync_api import Browser

from tests.e2e.test_accessibility import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pages_break_no_rule_of_the_policy(
    browser: Browser, live_server, draft_and_submitted, system, owner
):
    context = browser.new_context()  # the policy enforced, as for a user
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda m: (
            refused.append(f"{page.url}: {m.text[:150]}") if "Content Security Policy" in m.text else None
        ),
    )
    assessment, submitted = draft_and_submitted
    log_in(page, live_server, owner)
    for path in (
        "/",
        "/dashboard/",
        f"/organisations/{system.organisation_id}/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/sections/privacy/",
        f"/assessments/{submitted.pk}/results/",
        "/accounts/2fa/totp/activate/",
        "/api/v1/docs/",
        "/api/v1/redoc/",  # last: it tries to load fonts from a CDN, which the policy refuses
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # an autosave through htmx, under the policy
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/sections/privacy/")
    page.locator("textarea").first.fill("Checked under the policy.")
    page.locator("textarea").first.blur()
    page.wait_for_load_state("networkidle")
    context.close()
    not_cdn = [text for text in refused if not ("/api/v1/redoc/" in text and "Loading the " in text)]
    assert not_cdn == [], "\n".join(not_cdn)


def test_an_injected_inline_script_would_not_run(browser: Browser, live_server, guideline):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                             document.body.appendChild(s); }""")
    assert page.evaluate("() => window.ran") is None
    context.close()
