"""Published guideline content is read once per process; pages and tasks then read only their rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AnswerChange
from assessments.services import assessments as services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import HISTORY_SHOWN, applicable_ids, load_questionnaire
from guideline_content import published
from guideline_content.models import GuidelineVersion, Question
from tests.assessments.helpers import TRIAGE, answer_all, best_option, start

pytestmark = pytest.mark.django_db
# The list of published versions is not content: it grows when a version is published, so the copy
# form reads it (one small query) each time.
CONTENT_TABLE = re.compile(r'^\s*SELECT .*? FROM "guideline_content_(?!guidelineversion")', re.DOTALL)


def content_reads(captured) -> list[str]:
    """Queries whose main table is guideline content (joins of an assessment's own version and role
    to its row are not content reads)."""
    return [q["sql"] for q in captured.captured_queries if CONTENT_TABLE.match(q["sql"])]


def reading(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return captured


@pytest.fixture
def assessment(system, owner):
    return start(system, owner)


@pytest.fixture
def submitted(system, owner, django_capture_on_commit_callbacks):
    done = start(system, owner, role="user")
    answer_all(done, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=done, by=owner)
    return done


def pages(assessment, submitted):
    section = load_questionnaire(assessment).sections[0].dimension.code
    return [
        reverse("assessments:section", args=[assessment.pk, section]),
        reverse("assessments:assessment_detail", args=[assessment.pk]),
        reverse("assessments:review", args=[assessment.pk]),
        reverse("assessments:triage", args=[assessment.pk]),
        reverse("assessments:dashboard"),
        reverse("assessments:results", args=[submitted.pk]),
        reverse("assessments:spreadsheet", args=[assessment.pk]),
        f"/api/v1/assessments/{assessment.pk}/answers/",
        "/api/v1/assessments/",
    ]


def test_no_page_reads_published_content_more_than_once_per_process(client, assessment, submitted, owner):
    client.force_login(owner)
    urls = pages(assessment, submitted)
    published.clear()
    first = [content_reads(reading(lambda url=url: client.get(url))) for url in urls]
    again = [content_reads(reading(lambda url=url: client.get(url))) for url in urls]
    assert any(first)  # the first page read the content...
    assert again == [[] for _ in urls]  # ...and from then on no page reads it again


def test_scoring_and_results_read_content_once_per_process(submitted, owner, system):
    other = start(system, owner, role="user")
    answer_all(other, owner)
    published.clear()
    first = content_reads(reading(lambda: scoring_services.score_of(submitted)))
    second = content_reads(reading(lambda: scoring_services.score_of(other)))
    charts = content_reads(
        reading(lambda: scoring_services.result_charts(other, scoring_services.score_of(other)))
    )
    assert first and second == [] and charts == []


def test_a_draft_version_is_never_kept(mini_dir):
    from guideline_content.loader import load_guideline

    load_guideline(path=mini_dir)
    GuidelineVersion.objects.filter(code="mini-2025").update(status=GuidelineVersion.Status.DRAFT)
    draft = GuidelineVersion.objects.get(code="mini-2025")
    role = published.version_content(draft).roles[0]
    assert published.role_content(draft, role.pk) is not published.role_content(draft, role.pk)
    Question.objects.filter(version=draft, role=role).update(weight=7)
    assert {q.weight for q in published.role_content(draft, role.pk).questions} == {7}


def test_applicability_is_decided_once_per_tier_and_triage_facts(system, owner):
    one, two = start(system, owner), start(system, owner)
    assert applicable_ids(one) is applicable_ids(two)
    services.save_triage(assessment=two, answers={**TRIAGE, "minors": not TRIAGE["minors"]}, by=owner)
    assert applicable_ids(two) is not applicable_ids(one)


def test_kept_content_is_shown_in_the_readers_language(client, assessment, owner, published_content):
    client.force_login(owner)
    section = load_questionnaire(assessment).sections[0]
    url = reverse("assessments:section", args=[assessment.pk, section.dimension.code])
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    chinese = client.get(url, headers={"accept-language": "zh-hant"}).content.decode()
    question = section.items[0].question
    assert question.text_en in english and question.text_zh_hant in chinese
    assert question.text_en not in chinese


# ---------------------------------------------------------------- query counts


# section and assessment_detail: one more each since the DPO's review comments are shown (read once);
# assessment_detail one more again for a newer questionnaire revision or edition to copy onto.
@pytest.mark.parametrize(("page", "queries"), [("section", 7), ("review", 5), ("assessment_detail", 10)])
def test_questionnaire_page_query_counts(
    client, assessment, owner, published_content, django_assert_num_queries, page, queries
):
    client.force_login(owner)
    answer_all(assessment, owner)
    section = load_questionnaire(assessment).sections[0].dimension.code
    args = [assessment.pk, section] if page == "section" else [assessment.pk]
    with django_assert_num_queries(queries):
        assert client.get(reverse(f"assessments:{page}", args=args)).status_code == 200


def test_autosave_reads_the_questionnaire_once(
    client, assessment, owner, published_content, django_assert_num_queries
):
    client.force_login(owner)
    item = load_questionnaire(assessment).sections[0].items[0]
    code = item.question.code
    # session, user, assessment, answers, evidence; the save (savepoints, lock, insert, its change,
    # the revision); nothing is read again after it
    with django_assert_num_queries(12):
        response = client.post(
            reverse("assessments:answer", args=[assessment.pk, code]),
            {f"{code}-value": best_option(item), f"{code}-version": "0"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert "1 of" in response.content.decode() or "1/" in response.content.decode()


def test_results_query_count(client, submitted, owner, published_content, django_assert_num_queries):
    client.force_login(owner)
    with django_assert_num_queries(6):  # 5, and the sector benchmark's count of peer organisations
        assert client.get(reverse("assessments:results", args=[submitted.pk])).status_code == 200


# ---------------------------------------------------------------- dashboard


def test_dashboard_is_paginated_with_flat_queries(
    client, system, owner, published_content, django_assert_num_queries
):
    client.force_login(owner)
    start(system, owner)
    # 7 for the list, 3 for the "waiting for you" panel (returned, to send, with the DPO)
    with django_assert_num_queries(10):
        client.get(reverse("assessments:dashboard"))
    for _ in range(26):
        start(system, owner)
    with django_assert_num_queries(10):
        page = client.get(reverse("assessments:dashboard")).content.decode()
    assert page.count('href="/assessments/') == 25 and "?page=2" in page
    second = client.get(reverse("assessments:dashboard") + "?page=2").content.decode()
    assert second.count('href="/assessments/') == 2 and "?page=1" in second


def test_dashboard_progress_counts_only_applicable_answered_questions(client, system, owner):
    client.force_login(owner)
    assessment = start(system, owner)
    items = load_questionnaire(assessment).items
    answer_all(assessment, owner)
    page = client.get(reverse("assessments:dashboard")).content.decode()
    assert f"{len(items)} of {len(items)}" in page


# ---------------------------------------------------------------- answer history


def test_section_lists_the_latest_changes_and_links_to_all_of_them(client, assessment, owner):
    client.force_login(owner)
    item = load_questionnaire(assessment).sections[0].items[0]
    options = [o.code for o in item.options]
    for n in range(HISTORY_SHOWN + 3):
        services.save_answer(assessment=assessment, question=item.question, by=owner, value=options[n % 2])
    answer = assessment.answers.get(question=item.question)
    section_url = reverse("assessments:section", args=[assessment.pk, item.question.dimension.code])
    page = client.get(section_url).content.decode()
    history_url = reverse("assessments:answer_history", args=[assessment.pk, item.question.code])
    assert f"{HISTORY_SHOWN + 3} changes" in page and history_url in page
    assert page.count("</span> → <span>") == HISTORY_SHOWN
    full = client.get(history_url).content.decode()
    assert full.count("</span> → <span>") == AnswerChange.objects.filter(answer=answer).count() == 13


def test_answer_history_is_refused_to_outsiders(client, assessment, outsider, owner):
    item = load_questionnaire(assessment).sections[0].items[0]
    services.save_answer(assessment=assessment, question=item.question, by=owner, value=best_option(item))
    client.force_login(outsider)
    url = reverse("assessments:answer_history", args=[assessment.pk, item.question.code])
    assert client.get(url).status_code == 404


def test_the_stored_detail_is_the_whole_result_as_plain_values(submitted):
    import dataclasses
    import json

    result = scoring_services.score_of(submitted)
    plain = scoring_services._plain(result)
    assert plain == scoring_services._plain(dataclasses.asdict(result))
    json.dumps(scoring_services.result_detail(result))  # JSON-ready


def test_scoring_again_replaces_the_result_in_place(submitted):
    first = submitted.results.get()
    again = scoring_services.score_assessment(assessment_id=submitted.pk, force=True)
    assert again.pk == first.pk and submitted.results.count() == 1
    again.refresh_from_db()
    assert again.detail == scoring_services.result_detail(scoring_services.score_of(submitted))
