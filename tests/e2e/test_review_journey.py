"""The DPO review in the browser: an organisation submits and sends for review; a reviewer with TOTP
takes it, comments on two questions and requests changes; the organisation sees the comments next
to the questions, edits, replies and resubmits; the reviewer approves; the owner opens it to an auditor,
who logs in with TOTP, downloads the report and verifies it. Axe checks the new pages."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from assessments.models import Assessment, AuditEvent, ReviewComment
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, start
from tests.e2e.test_accessibility import violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(page: Page, live_server, user, totp_secret: str | None = None) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    if totp_secret:
        expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        page.locator("input[name=code]").fill(code)
        page.locator("main").get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def no_axe_problems(page: Page) -> None:
    assert violations(page, page.url) == [], page.url


def test_a_review_from_sending_to_approval(
    page: Page, browser: Browser, live_server, guideline, system, owner
):
    verified(owner)
    secret = generate_totp_secret()
    reviewer = verified(UserFactory(kind=User.Kind.REVIEWER, email="reviewer@dpo.example"))
    TOTP.activate(reviewer, secret)
    auditor_secret = generate_totp_secret()
    auditor = verified(UserFactory(kind=User.Kind.AUDITOR, email="auditor@firm.example"))
    TOTP.activate(auditor, auditor_secret)
    assessment = start(system, owner)
    answer_all(assessment, owner)  # answered as in the sign-up journey; here the review is the point
    first, second = (item.question for item in load_questionnaire(assessment).items[:2])

    # the organisation submits, then sends it for review after reading what the DPO will see
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
    page.get_by_role("button", name="Submit the assessment").click()
    expect(page.get_by_text(re.compile("^Submitted. The answers are now locked"))).to_be_visible()
    page.get_by_role("link", name="Send to the DPO for review…").click()
    expect(page.get_by_role("heading", name="What the DPO will see")).to_be_visible()
    no_axe_problems(page)
    page.locator("main").get_by_role("button", name="Send to the DPO for review").click()
    expect(page.get_by_text("Sent to the DPO for review.")).to_be_visible()

    # the reviewer logs in with TOTP, takes it from the queue, comments on two questions
    staff = browser.new_context(base_url=live_server.url, bypass_csp=True)  # for axe
    desk = staff.new_page()
    log_in(desk, live_server, reviewer, totp_secret=secret)
    expect(desk.get_by_text("1 assessment in the queue waits for a reviewer.")).to_be_visible()
    no_axe_problems(desk)
    desk.get_by_role("link", name="Review queue").first.click()
    row = desk.get_by_role("row").filter(has_text=system.name)
    expect(row).to_contain_text("Nobody yet")
    no_axe_problems(desk)
    row.get_by_role("button", name=re.compile("Take")).click()
    expect(desk.get_by_text("You are reviewing this assessment.")).to_be_visible()
    no_axe_problems(desk)
    for question, text in ((first, "Attach the policy you mention."), (second, "Who signs this off?")):
        answer = desk.locator(f"#q-{question.code}")
        answer.get_by_text(f"Comment on {question.code}", exact=True).click()
        answer.get_by_label(f"Your comment on {question.code}").fill(text)
        answer.get_by_role("button", name="Add the comment").click()
        # said where the page lands (at the question), and announced once in the status region on top
        expect(answer.get_by_text("Comment saved.")).to_be_visible()
        expect(desk.get_by_role("status").get_by_text("Comment saved.")).to_have_count(1)
    desk.get_by_role("button", name="Request changes").click()
    expect(desk.get_by_text("Returned to the organisation for changes.")).to_be_visible()

    # the organisation reads the comments next to their questions, edits, replies and resubmits
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_text("The DPO asks for changes to:")).to_be_visible()
    page.get_by_role("link", name=system.name).first.click()
    expect(page.get_by_text("The DPO asks for changes: 2 open comments.")).to_be_visible()
    page.get_by_role("link", name=re.compile(first.code)).click()
    expect(page.get_by_text("Attach the policy you mention.")).to_be_visible()
    no_axe_problems(page)
    fieldset = page.locator(f"#q-{first.code}")
    fieldset.get_by_label("Comment (optional)").fill("Policy v3, reviewed yearly.")
    expect(page.locator(f"#status-{first.code}")).to_contain_text("Saved at")
    comment = ReviewComment.objects.get(question=first)
    page.locator(f"#reply-body-{comment.pk}").fill("Attached to the answer; it is reviewed every year.")
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name="Reply").click()
    expect(page.get_by_text("Reply saved.")).to_be_visible()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Resubmit for review").click()
    expect(page.get_by_text("Resubmitted: the answers are locked again")).to_be_visible()
    assert Assessment.objects.get(pk=assessment.pk).review_round == 2

    # the reviewer sees the reply, marks the comment resolved and approves
    desk.goto(f"{live_server.url}/dpo/assessments/{assessment.pk}/")
    expect(desk.get_by_text("Attached to the answer; it is reviewed every year.")).to_be_visible()
    desk.get_by_role("button", name="Take and start the review").click()
    desk.locator(f"#comment-{comment.pk}").get_by_role("button", name="Mark resolved").click()
    expect(desk.locator(f"#comment-{comment.pk}").get_by_text("Marked resolved.")).to_be_visible()
    desk.get_by_label("Approve").check()
    desk.get_by_label(re.compile("^Reason")).fill("Complete and evidenced after the changes.")
    desk.get_by_role("button", name="Record the decision").click()
    # the two reports with the decision render in this request on the embedded default: allow for it
    expect(desk.get_by_text("Approved. The report is generated again with the decision.")).to_be_visible(
        timeout=60_000
    )
    no_axe_problems(desk)

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.get_by_text("Complete and evidenced after the changes.")).to_be_visible()
    no_axe_problems(page)
    decided = Assessment.objects.get(pk=assessment.pk)
    assert (decided.status, decided.review_round) == (Assessment.Status.APPROVED, 2)
    assert decided.reports.filter(assessment_status="approved").count() == 2
    staff.close()

    # the owner opens the assessment to an auditor from the organisation page
    page.goto(f"{live_server.url}/organisations/{decided.organisation_id}/")
    page.get_by_label("Auditor's e-mail").fill(auditor.email)
    page.get_by_label("Access to").select_option(str(decided.pk))
    page.get_by_role("button", name="Give access").click()
    expect(
        page.locator("#auditors").get_by_text(f"{auditor.email} has the access now and was told by e-mail.")
    ).to_be_visible()
    no_axe_problems(page)

    # the auditor logs in with TOTP, reads the assessment, downloads the report and verifies it
    firm = browser.new_context(base_url=live_server.url, accept_downloads=True, bypass_csp=True)
    desk = firm.new_page()
    log_in(desk, live_server, auditor, totp_secret=auditor_secret)
    desk.get_by_role("link", name="Audit access").first.click()
    expect(desk.get_by_role("heading", name="Assessments open to you")).to_be_visible()
    no_axe_problems(desk)
    desk.get_by_role("link", name=system.name).first.click()
    expect(desk.get_by_role("heading", name="Answers")).to_be_visible()
    expect(desk.get_by_text("Complete and evidenced after the changes.")).to_be_visible()
    no_axe_problems(desk)
    report = decided.reports.filter(assessment_status="approved", language="en").get()
    with desk.expect_download() as download:
        desk.get_by_role("link", name=report.number, exact=True).click()
    pdf = download.value.path()
    desk.get_by_role("link", name="verify a report").first.click()
    desk.get_by_label("The PDF to check").set_input_files(pdf)
    desk.get_by_role("button", name="Check", exact=True).click()
    expect(desk.get_by_role("heading", name="Issued by this portal")).to_be_visible()
    expect(desk.get_by_text(report.number).first).to_be_visible()
    assert AuditEvent.objects.filter(actor=auditor, action=AuditEvent.Action.REPORT_DOWNLOADED).count() == 1
    firm.close()
