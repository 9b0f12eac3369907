"""Nothing a user gave the section page is lost, whatever button they press, with and without JavaScript."""

import re

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from assessments.models import Answer, Evidence
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import start

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def assessment(guideline, system, owner):
    return start(system, owner)


@pytest.fixture
def section(assessment):
    return load_questionnaire(assessment).sections[0]


@pytest.fixture
def open_section(browser: Browser, live_server, assessment, section, owner):
    """A logged-in page on the first section, with JavaScript on or off."""
    contexts = []

    def opened(javascript: bool) -> Page:
        client = Client()
        client.force_login(owner)
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/assessments/{assessment.pk}/sections/{section.dimension.code}/")
        return page

    yield opened
    for context in contexts:
        context.close()


def pick(page: Page, item, index: int) -> str:
    """Choose the option at `index` of a question; returns its code."""
    option = item.options[index]
    page.locator(f"#q-{item.question.code} input[type=radio][value='{option.code}']").check()
    return option.code


def choose_file(page: Page, item, name: str) -> None:
    page.set_input_files(
        f"#file-{item.question.code}", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}]
    )


def stored(assessment, item) -> Answer | None:
    return Answer.objects.filter(assessment=assessment, question=item.question).first()


@JS
def test_upload_on_one_question_keeps_every_other_answer(open_section, assessment, section, javascript):
    page = open_section(javascript)
    first, second, third = section.items[:3]
    chosen = pick(page, second, -1)
    page.locator(f"#comment-{third.question.code}").fill("Typed just before uploading")
    choose_file(page, first, "dpia.pdf")
    page.locator(f"#q-{first.question.code}").get_by_role("button", name="Upload").click()

    expect(page.locator(".messages, main").first).to_contain_text("“dpia.pdf” attached")
    expect(page.locator(f"#q-{first.question.code} .evidence")).to_contain_text("dpia.pdf")
    expect(page.locator(f"#q-{second.question.code} input[value='{chosen}']")).to_be_checked()
    expect(page.locator(f"#comment-{third.question.code}")).to_have_value("Typed just before uploading")
    assert stored(assessment, second).value == chosen
    assert stored(assessment, third).comment == "Typed just before uploading"
    assert Evidence.objects.get().answer.question == first.question


@JS
def test_a_chosen_file_is_attached_by_save_and_go_to_the_next_section(
    open_section, assessment, section, javascript
):
    page = open_section(javascript)
    first = section.items[0]
    choose_file(page, first, "policy.pdf")
    if javascript:  # said plainly before any button is pressed, and no autosave claims "Saved at"
        expect(page.locator(f"#file-pending-{first.question.code}")).to_contain_text(
            "“policy.pdf” is chosen but not attached yet"
        )
        expect(page.locator(f"#status-{first.question.code}")).not_to_contain_text("Saved at")
    else:
        expect(page.locator(f"#file-help-{first.question.code}")).to_contain_text("any Save button")
    page.get_by_role("button", name="Save and go to the next section").click()

    next_section = load_questionnaire(assessment).sections[1]
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(next_section.dimension.name))
    expect(page.locator("main")).to_contain_text("“policy.pdf” attached")
    assert Evidence.objects.get().answer.question == first.question


def test_with_javascript_leaving_by_a_link_with_a_chosen_file_asks_first(open_section, section):
    page = open_section(True)
    choose_file(page, section.items[0], "plan.pdf")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator(".section-list a").last.click()
    expect(page.locator(f"#q-{section.items[0].question.code}")).to_be_visible()
    assert dialogs == ["beforeunload"]
    assert re.search(rf"/sections/{section.dimension.code}/$", page.url)


@JS
def test_a_refused_save_is_explained_at_the_question_with_the_stored_answer(
    open_section, assessment, section, editor, javascript
):
    page = open_section(javascript)
    item = section.items[0]
    code = item.question.code
    # a colleague saves this question after the page was opened
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=item.options[0].code)
    mine = pick(page, item, -1)
    if not javascript:
        page.get_by_role("button", name="Save this section").last.click()
        expect(page.locator("#section-errors")).to_contain_text(code)

    status = page.locator(f"#status-{code}")
    expect(status).to_contain_text("Not saved:")
    expect(status).to_contain_text("Someone else changed this answer")
    expect(status).to_contain_text(editor.email)
    expect(status).to_contain_text(str(item.options[0].label))
    expect(page.locator(f"#q-{code} input[value='{mine}']")).to_be_checked()
    assert stored(assessment, item).value == item.options[0].code


@JS
def test_not_applicable_greys_the_answer_and_asks_for_the_reason(
    open_section, assessment, section, javascript
):
    page = open_section(javascript)
    item = next(i for i in section.items if i.question.allow_na)
    code = item.question.code
    chosen = pick(page, item, -1)
    reason = page.locator(f"#na-{code}")
    expect(reason).to_be_hidden()
    page.locator(f"#na-check-{code}").check()

    expect(reason).to_be_visible()
    expect(page.locator(f"#na-note-{code}")).to_be_visible()
    checked_label = page.locator(f"#q-{code} input[value='{chosen}'] + strong")
    expect(checked_label).to_have_css("text-decoration-line", "line-through")
    reason.fill("No personal data leaves our own data centre.")
    if javascript:
        reason.blur()
        expect(page.locator(f"#status-{code}")).to_contain_text("Saved at")
        page.reload()
    else:
        page.get_by_role("button", name="Save this section").last.click()

    expect(page.locator(f"#na-check-{code}")).to_be_checked()
    expect(page.locator(f"#q-{code} input[type=radio]:checked")).to_have_count(0)  # what is stored: no answer
    expect(reason).to_have_value("No personal data leaves our own data centre.")
    answer = stored(assessment, item)
    assert (answer.not_applicable, answer.value) == (True, "")


def test_without_javascript_enter_in_a_field_saves_rather_than_removes_a_file(
    open_section, assessment, section, owner
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = section.items[0]
    services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("kept.pdf", PDF), by=owner
    )
    page = open_section(False)
    page.locator(f"#q-{item.question.code} input[type=radio]").first.check()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Answers saved.")
    assert Evidence.objects.filter(original_name="kept.pdf").exists()
    assert stored(assessment, item).value == item.options[0].code


def test_with_javascript_the_form_after_an_autosave_whose_reply_was_lost_meets_no_false_conflict(
    open_section, assessment, section
):
    page = open_section(True)
    item = section.items[0]
    code = item.question.code

    def lost_reply(route):
        route.fetch()  # the server saves the answer (version 1) ...
        route.abort()  # ... but the reply, with the new version, never reaches the page

    page.route("**/questions/**", lost_reply)
    chosen = pick(page, item, -1)
    expect(page.locator(f"#status-{code}")).to_contain_text("Not saved")
    page.unroute("**/questions/**")
    page.get_by_role("button", name="Save this section").last.click()
    expect(page.locator("main")).to_contain_text("Answers saved.")
    expect(page.locator(f"#status-{code}")).not_to_contain_text("Someone else")
    assert stored(assessment, item).value == chosen
