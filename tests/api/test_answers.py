"""Answers through the API: one with If-Match, many at once (all or nothing), and the conflict rule."""

import pytest

from assessments.models import Answer, AnswerChange
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import best_option, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(system, owner):
    return start(system, owner)


@pytest.fixture
def items(assessment):
    return load_questionnaire(assessment).items


def url(assessment, suffix=""):
    return f"/api/v1/assessments/{assessment.pk}/answers/{suffix}"


def test_answers_list_every_applicable_question_with_version_0_when_unanswered(
    as_user, owner, assessment, items
):
    body = as_user(owner).get(url(assessment)).json()
    assert [a["question"] for a in body] == [i.question.code for i in items]
    assert {a["version"] for a in body} == {0}


def test_one_answer_is_saved_with_its_etag_in_if_match(as_user, owner, assessment, items):
    api, code = as_user(owner), items[0].question.code
    first = api.get(url(assessment, f"{code}/"))
    assert first["ETag"] == '"0"'
    saved = api.put(
        url(assessment, f"{code}/"), {"value": best_option(items[0])}, HTTP_IF_MATCH=first["ETag"]
    )
    assert saved.status_code == 200 and saved["ETag"] == '"1"'
    assert Answer.objects.get(assessment=assessment, question=items[0].question).value == best_option(
        items[0]
    )


def test_a_stale_if_match_is_412_with_the_stored_answer_and_saves_nothing(
    as_user, owner, editor, assessment, items
):
    item = items[0]
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=best_option(item))
    response = as_user(owner).put(
        url(assessment, f"{item.question.code}/"), {"comment": "mine"}, HTTP_IF_MATCH='"0"'
    )
    assert response.status_code == 412
    problem = response.json()
    assert (
        problem["current"]["value"] == best_option(item) and problem["current"]["updated_by"] == editor.email
    )
    assert Answer.objects.get(assessment=assessment, question=item.question).version == 1


def test_a_save_without_if_match_is_428(as_user, owner, assessment, items):
    response = as_user(owner).put(
        url(assessment, f"{items[0].question.code}/"), {"value": best_option(items[0])}
    )
    assert response.status_code == 428 and not Answer.objects.exists()


def test_a_value_outside_the_options_is_refused(as_user, owner, assessment, items):
    scored = next(i for i in items if i.options)
    response = as_user(owner).put(
        url(assessment, f"{scored.question.code}/"), {"value": "maybe"}, HTTP_IF_MATCH='"0"'
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "That is not one of this question's answers."


def test_bulk_upsert_saves_many_answers_in_one_request(as_user, owner, assessment, items):
    answers = [{"question": i.question.code, "value": best_option(i), "version": 0} for i in items]
    response = as_user(owner).post(url(assessment, "bulk/"), {"answers": answers})
    assert response.status_code == 200
    assert response.json()["applied"] is True and len(response.json()["changed"]) == len(items)
    assert Answer.objects.filter(assessment=assessment).count() == len(items)
    assert AnswerChange.objects.filter(answer__assessment=assessment).count() == len(items)


def test_bulk_upsert_with_mixed_answers_stores_none_and_names_each_refusal(
    as_user, owner, editor, assessment, items
):
    scored = [i for i in items if i.options]
    services.save_answer(
        assessment=assessment, question=scored[3].question, by=editor, value=best_option(scored[3])
    )
    answers = [
        {"question": scored[0].question.code, "value": best_option(scored[0]), "version": 0},  # fine
        {"question": scored[1].question.code, "value": "maybe", "version": 0},  # not an option
        {"question": "NO-SUCH-Q", "value": "yes", "version": 0},
        {"question": scored[3].question.code, "value": best_option(scored[3]), "version": 0},  # stale
        {"question": scored[0].question.code, "value": best_option(scored[0]), "version": 0},  # twice
    ]
    response = as_user(owner).post(url(assessment, "bulk/"), {"answers": answers})
    assert response.status_code == 409
    errors = response.json()["errors"]
    assert [(e["pointer"], e["code"]) for e in errors] == [
        ("#/answers/1", "invalid"), ("#/answers/2", "unknown_question"),
        ("#/answers/3", "conflict"), ("#/answers/4", "duplicate"),
    ]  # fmt: skip
    assert errors[2]["current"]["updated_by"] == editor.email
    assert list(Answer.objects.filter(assessment=assessment).values_list("question__code", flat=True)) == [
        scored[3].question.code
    ]


def test_bulk_upsert_validates_the_shape_of_each_answer(as_user, owner, assessment):
    response = as_user(owner).post(url(assessment, "bulk/"), {"answers": [{"value": "yes"}]})
    assert response.status_code == 400
    assert {e["pointer"] for e in response.json()["errors"]} == {
        "#/answers/0/question",
        "#/answers/0/version",
    }


def test_bulk_dry_run_checks_but_stores_nothing(as_user, owner, assessment, items):
    answers = [{"question": items[0].question.code, "value": best_option(items[0]), "version": 0}]
    response = as_user(owner).post(url(assessment, "bulk/"), {"answers": answers, "dry_run": True})
    assert response.status_code == 200
    assert response.json()["applied"] is False and response.json()["changed"] == [items[0].question.code]
    assert not Answer.objects.exists()


def test_bulk_upsert_on_a_submitted_assessment_is_refused(as_user, owner, assessment, items):
    from assessments.models import Assessment

    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    answers = [{"question": items[0].question.code, "value": best_option(items[0]), "version": 0}]
    assert as_user(owner).post(url(assessment, "bulk/"), {"answers": answers}).status_code == 403


def test_unchanged_answers_are_reported_and_keep_their_version(as_user, owner, assessment, items):
    item = items[0]
    services.save_answer(assessment=assessment, question=item.question, by=owner, value=best_option(item))
    answers = [{"question": item.question.code, "value": best_option(item), "version": 1}]
    body = as_user(owner).post(url(assessment, "bulk/"), {"answers": answers}).json()
    assert body["unchanged"] == [item.question.code] and body["changed"] == []
    assert Answer.objects.get().version == 1


def test_the_assessment_list_filters_by_its_query_parameters(as_user, owner, system, assessment):
    api = as_user(owner)
    for query, expected in [
        (f"organisation={system.organisation_id}", [assessment.pk]),
        (f"system={system.pk}", [assessment.pk]),
        ("status=draft", [assessment.pk]),
        ("status=submitted", []),
        ("role=provider", [assessment.pk]),
        ("organisation=999999", []),
    ]:
        response = api.get(f"/api/v1/assessments/?{query}")
        assert response.status_code == 200, (query, response.json())
        assert [a["id"] for a in response.json()["results"]] == expected, query
    assert api.get("/api/v1/assessments/?organisation=abc").status_code == 400
