"""A newcomer goes from sign-up to a submitted assessment in the browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from assessments.models import Answer, Assessment
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all

pytestmark = pytest.mark.django_db(transaction=True)
EMAIL, PASSWORD = "mei.chan@harbour-bank.example", "Tide-pool-7-lantern"


def sign_up(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email:").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_from_sign_up_to_a_submitted_assessment(page: Page, live_server, guideline, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sign_up(page, live_server)

    page.get_by_role("link", name="Create an organisation").click()
    page.get_by_label("Name").fill("Harbour Bank Limited")
    page.get_by_label("Sector").select_option("finance")
    page.get_by_label("Size").select_option("large")
    page.get_by_label("Contact person").fill("Mei Chan")
    page.get_by_label("Contact e-mail").fill(EMAIL)
    page.locator("main").get_by_role("button", name=re.compile("Create", re.I)).click()
    expect(page.get_by_role("heading", name="Harbour Bank Limited")).to_be_visible()

    page.get_by_role("link", name=re.compile("Register an AI system", re.I)).click()
    page.get_by_label("Name").fill("Customer enquiry assistant")
    page.get_by_label("Purpose").fill("Answers customers' questions about cards in the app.")
    page.get_by_label("Model(s) used").fill("A hosted large language model")
    page.get_by_label("Model or service provider(s)").fill("A cloud AI platform")
    page.get_by_label("Who uses it").fill("Retail customers")
    page.get_by_label("Who is affected by it").fill("Customers asking about their accounts")
    page.get_by_label("Personal data", exact=True).check()
    page.get_by_label("Sector").select_option("finance")
    page.get_by_label("Deployment status").select_option("pilot")
    page.locator("main").get_by_role("button", name=re.compile("Register|Save", re.I)).click()
    expect(page.get_by_role("heading", name="Customer enquiry assistant")).to_be_visible()

    page.get_by_label("Assessed as").select_option("provider")
    page.locator("main").get_by_role("button", name=re.compile("Start", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Triage"))).to_be_visible()

    for fieldset in page.locator("fieldset").all():
        radios = fieldset.get_by_role("radio")
        if radios.count():
            fieldset.get_by_label("No", exact=True).check()
    page.locator("select").first.select_option("retail")
    page.get_by_role("button", name="Save triage and see the tier").click()
    expect(page.locator(".message-success")).to_contain_text("Triage saved")
    expect(page.locator(".tier-result .tier")).to_have_text("Low Risk")

    assessment = Assessment.objects.get(system__name="Customer enquiry assistant")
    questionnaire = load_questionnaire(assessment)
    first = questionnaire.sections[0].items[0]
    page.get_by_role("link", name=questionnaire.sections[0].dimension.name).first.click()
    question = page.locator(f"#q-{first.question.code}")
    question.get_by_role("radio").first.check()
    expect(page.locator(f"#status-{first.question.code}")).to_contain_text("Saved at")
    expect(page.locator("#progress")).to_contain_text("1 of")
    assert Answer.objects.get(assessment=assessment, question=first.question).value

    owner = assessment.created_by
    answer_all(Assessment.objects.get(pk=assessment.pk), owner)  # the rest, as a person who knows them would
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
    expect(page.get_by_role("heading", name="0 questions still unanswered")).to_be_visible()
    page.get_by_role("button", name="Submit the assessment").click()
    expect(
        page.get_by_text("Submitted. The answers are now locked, and the scores are ready.")
    ).to_be_visible()
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.SUBMITTED
