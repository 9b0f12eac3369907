"""Pages checked with axe-core for WCAG 2.1 A and AA problems; serious and critical ones fail."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RUN_AXE = """() => axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"]}})
    .then(r => r.violations.filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")})`))"""


def violations(page: Page, url: str) -> list[str]:
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def log_in(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    page.locator("main").get_by_role("button", name="Sign In").click()


def test_public_pages_have_no_serious_accessibility_problems(page: Page, live_server, guideline):
    for path in (
        "/",
        "/no-such-page/",
        "/guideline/",
        "/guideline/hk-genai-2025-12/obligations/?role=user",
        "/guideline/hk-genai-2025-12/triage/",
        "/guideline/changes/?from=hk-genai-2025-04&to=hk-genai-2025-12",
        "/guideline/changes/?from=nope&to=hk-genai-2025-12",
        "/scoring-method/",
        "/verify/",
        "/accounts/login/",
        "/accounts/signup/",
    ):
        assert violations(page, live_server.url + path) == [], path


def test_assessment_pages_have_no_serious_accessibility_problems(
    page: Page, live_server, draft_and_submitted, system, owner
):
    assessment, submitted = draft_and_submitted
    log_in(page, live_server, owner)
    section = "privacy"
    for path in (
        "/dashboard/",
        f"/organisations/{system.organisation_id}/",
        f"/systems/{system.pk}/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/triage/",
        f"/assessments/{assessment.pk}/sections/{section}/",
        f"/assessments/{assessment.pk}/review/",
        f"/assessments/{submitted.pk}/results/",
    ):
        assert violations(page, live_server.url + path) == [], path
