"""The section page is one form: whatever button is pressed, every answer and every chosen file is kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, AnswerChange, Evidence
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import best_option, start

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROGRAM = b"MZ\x90\x00" + b"\x00" * 100


@pytest.fixture
def assessment(system, owner):
    return start(system, owner)


@pytest.fixture
def section(assessment):
    return load_questionnaire(assessment).sections[0]


def url(assessment, section):
    return reverse("assessments:section", args=[assessment.pk, section.dimension.code])


def answers_of(section, start_at=0) -> dict:
    """What a user typed into every question of the section from `start_at` on, nothing saved before."""
    data = {}
    for item in section.items[start_at:]:
        code = item.question.code
        data |= {
            f"{code}-value": best_option(item),
            f"{code}-version": "0",
            f"{code}-comment": f"About {code}",
        }
    return data


def question_html(page: str, code: str) -> str:
    start_at = page.index(f'id="q-{code}"')
    return page[start_at : page.index("</fieldset>", start_at)]


def stored(assessment) -> dict:
    return {
        a.question.code: a.value
        for a in Answer.objects.filter(assessment=assessment).select_related("question")
    }


def test_upload_saves_every_other_answer_of_the_section(client, assessment, owner, section):
    first = section.items[0].question.code
    data = answers_of(section, start_at=1) | {
        "upload": first,
        f"{first}-file": SimpleUploadedFile("dpia.pdf", PDF),
    }
    response = client_for(client, owner).post(url(assessment, section), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"{url(assessment, section)}#q-{first}")
    assert stored(assessment) == {i.question.code: best_option(i) for i in section.items[1:]} | {first: ""}
    assert Evidence.objects.get(answer__question=section.items[0].question).original_name == "dpia.pdf"


def test_a_chosen_file_is_attached_by_save_and_go_to_the_next_section(client, assessment, owner, section):
    first = section.items[0].question.code
    next_code = load_questionnaire(assessment).sections[1].dimension.code
    data = answers_of(section) | {"go": next_code, f"{first}-file": SimpleUploadedFile("policy.pdf", PDF)}
    response = client_for(client, owner).post(url(assessment, section), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessments:section", args=[assessment.pk, next_code])
    assert "“policy.pdf” attached" in response.content.decode()
    assert Evidence.objects.filter(answer__question__code=first, answer__assessment=assessment).count() == 1
    assert len(stored(assessment)) == len(section.items)


def test_remove_saves_every_answer_and_removes_only_that_file(client, assessment, owner, section):
    item = section.items[0]
    kept = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("kept.pdf", PDF), by=owner
    )
    gone = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("gone.pdf", PDF), by=owner
    )
    version = str(Answer.objects.get(assessment=assessment, question=item.question).version)
    data = answers_of(section) | {f"{item.question.code}-version": version, "remove": str(gone.pk)}
    response = client_for(client, owner).post(url(assessment, section), data, follow=True)
    assert "“gone.pdf” removed" in response.content.decode()
    assert list(Evidence.objects.filter(answer__assessment=assessment)) == [kept]
    assert stored(assessment) == {i.question.code: best_option(i) for i in section.items}


def test_a_refused_file_is_reported_at_its_question_and_the_answers_are_saved(
    client, assessment, owner, section
):
    first = section.items[0].question.code
    data = answers_of(section) | {"upload": first, f"{first}-file": SimpleUploadedFile("dpia.pdf", PROGRAM)}
    response = client_for(client, owner).post(url(assessment, section), data)
    assert response.status_code == 422
    at_question = question_html(response.content.decode(), first)
    assert "Not attached:" in at_question and "“dpia.pdf” was not attached" in at_question
    assert "cannot be attached" in at_question
    assert stored(assessment) == {i.question.code: best_option(i) for i in section.items}
    assert not Evidence.objects.exists()


def test_after_a_refused_file_the_page_shows_the_saved_answers_with_their_new_versions(
    client, assessment, owner, section
):
    first = section.items[0].question.code
    data = answers_of(section) | {"upload": first, f"{first}-file": SimpleUploadedFile("x.pdf", PROGRAM)}
    page = client_for(client, owner).post(url(assessment, section), data).content.decode()
    for item in section.items:
        code = item.question.code
        assert f'name="{code}-version" value="1"' in page  # saving again does not meet a false conflict
        assert f"About {code}" in page


def test_upload_without_a_file_says_so_at_the_question(client, assessment, owner, section):
    first = section.items[0].question.code
    response = client_for(client, owner).post(url(assessment, section), {"upload": first})
    assert response.status_code == 422
    assert "Choose a file to attach." in question_html(response.content.decode(), first)


def test_an_empty_file_is_called_empty_whatever_button_was_pressed(client, assessment, owner, section):
    from django.core.files.uploadedfile import SimpleUploadedFile

    first = section.items[0].question.code
    for pressed in ({"upload": first}, {"save": "1"}):
        empty = SimpleUploadedFile("minutes.pdf", b"")
        response = client_for(client, owner).post(
            url(assessment, section), {**pressed, f"{first}-file": empty}
        )
        html = question_html(response.content.decode(), first)
        assert "“minutes.pdf” was not attached: The file is empty." in html, pressed


def test_a_conflict_is_reported_at_the_question_with_the_stored_answer(
    client, assessment, owner, editor, section
):
    item = section.items[0]
    code = item.question.code
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=item.options[0].code)
    data = answers_of(section) | {f"{code}-value": item.options[-1].code}
    response = client_for(client, owner).post(url(assessment, section), data)
    assert response.status_code == 409
    at_question = question_html(response.content.decode(), code)
    assert "Not saved:" in at_question and "Someone else changed this answer" in at_question
    assert editor.email in at_question and str(item.options[0].label) in at_question
    assert "stored now" in at_question.split(f'value="{item.options[0].code}"')[1].split("</label>")[0]
    assert f'value="{item.options[-1].code}" checked' in at_question  # the user's own choice is still there
    assert f'name="{code}-version" value="1"' in at_question  # saving again knowingly replaces it


def test_a_file_chosen_for_a_conflicting_question_is_still_attached(
    client, assessment, owner, editor, section
):
    item = section.items[0]
    code = item.question.code
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=item.options[0].code)
    data = answers_of(section) | {
        "go": section.dimension.code,
        f"{code}-file": SimpleUploadedFile("a.pdf", PDF),
    }
    response = client_for(client, owner).post(url(assessment, section), data)
    assert response.status_code == 409
    assert "“a.pdf” attached" in response.content.decode()
    assert Evidence.objects.get().answer.question == item.question


def test_untouched_questions_get_no_empty_answer_or_history(client, assessment, owner, section):
    data = {f"{i.question.code}-version": "0" for i in section.items}
    response = client_for(client, owner).post(
        url(assessment, section), {**data, "go": section.dimension.code}
    )
    assert response.status_code == 302
    assert not Answer.objects.filter(assessment=assessment).exists()
    assert not AnswerChange.objects.exists()


def test_another_assessments_file_cannot_be_removed_through_this_section(
    client, system, owner, section, assessment
):
    other = start(system, owner, role="user")
    item = load_questionnaire(other).sections[0].items[0]
    theirs = services.add_evidence(
        assessment=other, question=item.question, upload=SimpleUploadedFile("theirs.pdf", PDF), by=owner
    )
    client_for(client, owner).post(url(assessment, section), {"remove": str(theirs.pk)})
    assert Evidence.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_editors_can_attach_files(client, request, assessment, section, who, status):
    first = section.items[0].question.code
    response = client_for(client, request.getfixturevalue(who)).post(
        url(assessment, section), {"upload": first, f"{first}-file": SimpleUploadedFile("dpia.pdf", PDF)}
    )
    assert response.status_code == status
    assert not Evidence.objects.exists()


def test_an_unchanged_autosave_does_not_claim_a_new_save(client, assessment, owner, section):
    item = section.items[0]
    code = item.question.code
    services.save_answer(assessment=assessment, question=item.question, by=owner, value=best_option(item))
    response = client_for(client, owner).post(
        reverse("assessments:answer", args=[assessment.pk, code]),
        {f"{code}-value": best_option(item), f"{code}-version": "1"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Saved at" not in page
    assert "No change to save" in page


def test_a_not_applicable_question_shows_what_will_be_stored(client, assessment, owner):
    item = next(i for i in load_questionnaire(assessment).items if i.question.allow_na)
    code = item.question.code
    services.save_answer(
        assessment=assessment, question=item.question, by=owner, not_applicable=True, na_reason="No vendors"
    )
    page = (
        client_for(client, owner)
        .get(url(assessment, load_questionnaire(assessment).section(item.question.dimension.code)))
        .content.decode()
    )
    at_question = question_html(page, code)
    assert f'name="{code}-not_applicable" value="on" checked' in at_question
    assert "Stored as “not applicable”" in at_question
    assert 'class="na-reason has-reason"' in at_question and "No vendors" in at_question
    assert "checked" not in at_question.split('class="answer-input"')[1].split("</div>")[0]


def client_for(client, user):
    client.force_login(user)
    return client


def test_the_section_form_after_its_own_autosave_meets_no_false_conflict(client, assessment, owner, section):
    """With JavaScript an autosave may still be on its way when a button of the form is pressed."""
    item = section.items[0]
    code = item.question.code
    services.save_answer(assessment=assessment, question=item.question, by=owner, value=best_option(item))
    data = {f"{code}-value": best_option(item), f"{code}-version": "0", "go": section.dimension.code}
    assert client_for(client, owner).post(url(assessment, section), data).status_code == 302
    data[f"{code}-value"] = item.options[0].code  # a different answer from the same stale version is refused
    assert client_for(client, owner).post(url(assessment, section), data).status_code == 409
