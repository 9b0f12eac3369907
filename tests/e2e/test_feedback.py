"""Slow actions show that they are under way, and the message afterwards says what is true."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from tests.assessments.helpers import answer_all, start
from tests.e2e.test_accessibility import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def answered(guideline, system, owner):
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    assessment = start(system, owner, role="user")  # the shortest questionnaire
    answer_all(assessment, owner)
    return assessment


# Playwright waits for a page's navigation before it looks at the page again, so the page itself writes
# down what its busy button looked like (in sessionStorage, which outlives the navigation).
RECORD_BUSY = """selector => { const button = document.querySelector(selector);
  new MutationObserver(() => sessionStorage.setItem("busy", JSON.stringify(
    [button.disabled, button.getAttribute("aria-busy"), button.textContent]))
  ).observe(button, {attributes: true, childList: true, characterData: true, subtree: true}); }"""


def busy_state(page: Page) -> list:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('busy'))")


def test_submitting_shows_a_busy_button_then_says_the_scores_are_ready(
    page: Page, live_server, answered, owner
):
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/assessments/{answered.pk}/review/")
    page.evaluate(RECORD_BUSY, "form[data-busy] button")
    page.get_by_role("button", name="Submit the assessment").click()
    expect(page.locator(".message-success")).to_have_text(
        "Submitted. The answers are now locked, and the scores are ready."
    )
    assert busy_state(page) == [True, "true", "Submitting and scoring…"]


def test_asking_for_a_report_never_calls_a_ready_report_in_progress(page: Page, live_server, answered, owner):
    from assessments.services import assessments as services

    services.submit_assessment(assessment=answered, by=owner)  # scored in-process on commit
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/assessments/{answered.pk}/results/")
    page.evaluate(RECORD_BUSY, "form.report-form button")
    page.get_by_role("button", name="Generate a new report").click()
    message = page.locator(".message-success")
    expect(message).to_contain_text("is ready to download")
    expect(page.get_by_text("is being generated")).to_have_count(0)
    expect(page.get_by_role("link", name="PDF").first).to_be_visible()
    assert busy_state(page) == [True, "true", "Generating the report…"]
