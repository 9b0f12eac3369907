"""The spreadsheet round trip: export, preview, apply; other assessments, stale, altered and hostile files."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer
from assessments.services import assessments as services
from assessments.services import spreadsheet
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import best_option, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(system, owner):
    return start(system, owner)


def export(client, assessment, kind="xlsx"):
    response = client.get(reverse(f"assessments:export_{kind}", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content


def upload(client, assessment, content, name="answers.xlsx"):
    return client.post(
        reverse("assessments:spreadsheet_preview", args=[assessment.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def book_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scored_rows(sheet):
    return [row for row in sheet.iter_rows(min_row=2) if row[8].value != "Free text"]


def test_the_xlsx_lists_every_applicable_question_with_drop_downs(client, owner, assessment):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(export(client, assessment)))
    sheet = book.worksheets[0]
    items = load_questionnaire(assessment).items
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [i.question.code for i in items]
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    first_scored = scored_rows(sheet)[0][0].row
    assert ranges[f"E{first_scored}"].startswith(f"lists!$A${first_scored}:")
    assert book["about"].sheet_state == "hidden"


def test_the_export_is_in_the_user_s_language(client, owner, assessment):
    owner.language = "zh-hant"
    owner.save()
    client.force_login(owner)
    client.cookies["django_language"] = "zh-hant"
    sheet = load_workbook(io.BytesIO(export(client, assessment))).worksheets[0]
    item = load_questionnaire(assessment).items[0]
    assert sheet["C2"].value == item.question.text_zh_hant
    assert sheet["A1"].value == "代碼"


def test_a_filled_in_file_is_previewed_then_applied_in_one_go(client, owner, assessment):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(export(client, assessment)))
    sheet = book.worksheets[0]
    rows = scored_rows(sheet)[:3]
    items = {i.question.code: i for i in load_questionnaire(assessment).items}
    for row in rows:
        row[4].value = str(items[row[0].value].options[0].label)
    rows[0][7].value = "數據保護主任已審閱。"  # Chinese text survives the round trip
    response = upload(client, assessment, book_bytes(book))
    assert response.status_code == 200
    assert not Answer.objects.exists()  # a preview saves nothing
    page = response.content.decode()
    assert all(row[0].value in page for row in rows) and "數據保護主任已審閱。" in page
    signed = response.context["signed"]
    response = client.post(reverse("assessments:spreadsheet_apply", args=[assessment.pk]), {"plan": signed})
    assert response.status_code == 302
    stored = {
        a.question.code: a for a in Answer.objects.filter(assessment=assessment).select_related("question")
    }
    assert set(stored) == {row[0].value for row in rows}
    assert stored[rows[0][0].value].comment == "數據保護主任已審閱。"


def test_rejected_rows_are_listed_with_their_reason_and_nothing_is_saved(client, owner, assessment):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(export(client, assessment)))
    rows = scored_rows(book.worksheets[0])
    rows[0][4].value = "Perhaps"
    rows[1][4].value = '=HYPERLINK("http://evil.example","Yes")'
    rows[2][5].value = "Sometimes"
    response = upload(client, assessment, book_bytes(book))
    assert response.status_code == 409
    problems = response.context["plan"].problems
    assert [(p.row, p.question_code) for p in problems] == [(r[0].row, r[0].value) for r in rows[:3]]
    assert "Formulas are not accepted" in problems[1].message
    assert not Answer.objects.exists() and response.context["signed"] == ""


def test_a_file_of_another_assessment_is_refused_whole(client, owner, system, assessment):
    other = start(system, owner)
    client.force_login(owner)
    response = upload(client, assessment, export(client, other))
    assert response.status_code == 400
    assert f"exported from another assessment (number {other.pk})" in response.context["refused"]


def test_a_stale_file_shows_each_conflict_and_applies_nothing(client, owner, editor, assessment):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(export(client, assessment)))
    rows = scored_rows(book.worksheets[0])
    items = {i.question.code: i for i in load_questionnaire(assessment).items}
    for row in rows[:2]:
        row[4].value = str(items[row[0].value].options[-1].label)
    changed = items[rows[1][0].value]
    services.save_answer(
        assessment=assessment, question=changed.question, by=editor, value=best_option(changed)
    )
    response = upload(client, assessment, book_bytes(book))
    assert response.status_code == 409
    problems = response.context["plan"].problems
    assert [p.question_code for p in problems] == [changed.question.code]
    assert "Someone else changed this answer" in problems[0].message
    assert Answer.objects.count() == 1


def test_a_file_whose_versions_were_altered_is_refused_whole(client, owner, assessment):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(export(client, assessment)))
    book.worksheets[0]["J2"].value = 7
    response = upload(client, assessment, book_bytes(book))
    assert response.status_code == 400 and "the file was altered" in response.context["refused"]


def test_a_damaged_stamp_is_refused(client, owner, assessment):
    client.force_login(owner)
    book = load_workbook(io.BytesIO(export(client, assessment)))
    book["about"]["B1"].value = book["about"]["B1"].value[:-3] + "xyz"
    response = upload(client, assessment, book_bytes(book))
    assert response.status_code == 400 and "altered after export" in response.context["refused"]


def test_a_file_that_is_no_spreadsheet_is_refused(client, owner, assessment):
    client.force_login(owner)
    response = upload(client, assessment, b"\xff\xfe garbage", name="x.csv")
    assert response.status_code == 400


def test_hostile_text_is_exported_as_text_not_as_a_formula(client, owner, assessment):
    item = load_questionnaire(assessment).items[0]
    services.save_answer(
        assessment=assessment, question=item.question, by=owner, value=best_option(item),
        comment='=HYPERLINK("http://evil.example","click")',
    )  # fmt: skip
    client.force_login(owner)
    sheet = load_workbook(io.BytesIO(export(client, assessment))).worksheets[0]
    assert sheet["H2"].data_type == "s" and sheet["H2"].value.startswith("'=")
    rows = list(csv.reader(io.StringIO(export(client, assessment, "csv").decode("utf-8-sig"))))
    assert rows[2][7].startswith("'=")


def test_the_csv_round_trip_keeps_chinese_text_and_hostile_text_intact(client, owner, assessment):
    item = load_questionnaire(assessment).items[0]
    client.force_login(owner)
    rows = list(csv.reader(io.StringIO(export(client, assessment, "csv").decode("utf-8-sig"))))
    rows[2][4] = best_option(item) if item.options else "答案"
    rows[2][7] = "'=1+1 是公式嗎？"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = upload(client, assessment, buffer.getvalue().encode("utf-8-sig"), name="a.csv")
    assert response.status_code == 200
    client.post(
        reverse("assessments:spreadsheet_apply", args=[assessment.pk]), {"plan": response.context["signed"]}
    )
    assert Answer.objects.get().comment == "=1+1 是公式嗎？"


def test_an_altered_preview_is_refused(client, owner, assessment):
    client.force_login(owner)
    response = client.post(reverse("assessments:spreadsheet_apply", args=[assessment.pk]), {"plan": "x:y"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("who", "read_status", "import_status"),
    [("owner", 200, 400), ("editor", 200, 400), ("viewer", 200, 403), ("outsider", 404, 404)],
)
def test_who_may_export_and_import(client, request, assessment, who, read_status, import_status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("assessments:spreadsheet", args=[assessment.pk])).status_code == read_status
    assert client.get(reverse("assessments:export_csv", args=[assessment.pk])).status_code == read_status
    response = client.post(reverse("assessments:spreadsheet_preview", args=[assessment.pk]), {})
    assert response.status_code == import_status


def test_the_import_uses_the_bulk_service_rules(owner, assessment):
    """A previewed plan is applied through upsert_answers: a stale plan applies nothing."""
    item = load_questionnaire(assessment).items[0]
    update = spreadsheet.AnswerUpdate(item.question.code, best_option(item), expected_version=0)
    services.save_answer(assessment=assessment, question=item.question, by=owner, value=best_option(item))
    with pytest.raises(spreadsheet.BulkRejected):
        spreadsheet.apply_import(assessment=assessment, updates=[update], by=owner)
