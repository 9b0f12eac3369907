"""Scoring on submission, stored once per revision and method, shown with its explanation."""

import pytest
from django.urls import reverse

from assessments import scoring
from assessments.models import AssessmentResult, AuditEvent
from assessments.services import assessments as services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import TRIAGE, answer_all, best_option, start
from tests.worker.conftest import forget_connections, point_broker_at

pytestmark = pytest.mark.django_db


def worst_option(item) -> str:
    return min(item.options, key=lambda o: o.score).code if item.options else "Nothing written down yet."


@pytest.fixture
def submitted(system, owner, django_capture_on_commit_callbacks):
    assessment = start(system, owner)
    answer_all(
        assessment,
        owner,
        value=lambda item: best_option(item) if item.question.pk % 3 else worst_option(item),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment


def test_submitting_scores_the_assessment_in_process(submitted):
    [result] = AssessmentResult.objects.filter(assessment=submitted)
    assert (result.revision, result.method_version) == (submitted.revision, scoring.METHOD_VERSION)
    expected = scoring_services.score_of(submitted)
    assert result.overall == expected.overall.score
    assert result.rating == expected.rating
    assert [g["obligation"] for g in result.detail["gaps"]] == [g.obligation for g in expected.gaps]
    assert set(result.charts) == {"en", "zh-hant"}
    assert result.charts["zh-hant"]["radar"].startswith("<svg")


def test_scoring_again_stores_nothing_new(submitted):
    first = scoring_services.score_assessment(assessment_id=submitted.pk)
    again = scoring_services.score_assessment(assessment_id=submitted.pk)
    assert first.pk == again.pk
    assert AssessmentResult.objects.filter(assessment=submitted).count() == 1


def test_drafts_are_not_scored(system, owner):
    assessment = start(system, owner)
    assert scoring_services.score_assessment(assessment_id=assessment.pk) is None
    assert scoring_services.score_assessment(assessment_id=999_999) is None


def test_an_answer_hidden_by_a_later_triage_change_counts_for_nothing(
    system, owner, django_capture_on_commit_callbacks
):
    assessment = start(system, owner)
    retail = next(i for i in load_questionnaire(assessment).items if "retail" in str(i.question.applies_when))
    services.save_answer(
        assessment=assessment, question=retail.question, by=owner, value=worst_option(retail)
    )
    services.save_triage(assessment=assessment, answers={**TRIAGE, "sector": "tourism"}, by=owner)
    assessment.refresh_from_db()
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    result = AssessmentResult.objects.get(assessment=assessment)
    assert retail.question.code in result.detail["questions_hidden"]
    counted = {q["code"] for o in result.detail["obligations"] for q in o["questions"]}
    assert retail.question.code not in counted


def test_a_broker_outage_at_submission_loses_nothing_and_the_sweep_scores_it_later(
    submitted, system, owner, monkeypatch, django_capture_on_commit_callbacks
):
    from portal.celery import app

    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    point_broker_at(monkeypatch, app, "redis://127.0.0.1:1/0")  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert not AssessmentResult.objects.filter(assessment=assessment).exists()
    assert list(scoring_services.unscored_assessments()) == [assessment]

    monkeypatch.undo()  # the broker is back (tasks in-process here; a real worker in test_worker.py)
    forget_connections(app)
    assert scoring_services.sweep_unscored() == 1
    assert AssessmentResult.objects.filter(assessment=assessment).exists()
    assert scoring_services.sweep_unscored() == 0


def test_results_page_shows_score_rating_tier_gaps_and_the_answers_behind_them(client, submitted, owner):
    result = AssessmentResult.objects.get(assessment=submitted)
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert f"{result.overall}%" in page
    assert result.get_rating_display() in page
    assert submitted.tier.name in page
    first_gap = result.detail["gaps"][0]["obligation"]
    assert page.index(first_gap) < page.index(result.detail["gaps"][-1]["obligation"])
    assert "<svg" in page
    question = result.detail["obligations"][0]["questions"][0]
    assert question["code"] in page
    assert (
        f"{result.detail['overall']['points'].rstrip('0').rstrip('.')}" in page or "weighted points" in page
    )


def test_results_page_in_chinese_uses_the_chinese_charts(client, submitted, owner):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert "個人資料私隱" in page
    assert AssessmentResult.objects.get(assessment=submitted).charts["zh-hant"]["radar"][:200] in page


def test_while_scoring_runs_the_page_says_so_and_polls(client, submitted, owner):
    AssessmentResult.objects.filter(assessment=submitted).delete()
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert "Scoring is running" in page and 'hx-trigger="every 2s"' in page
    assert client.get(reverse("assessments:results_status", args=[submitted.pk])).status_code == 204
    scoring_services.score_assessment(assessment_id=submitted.pk)
    done = client.get(reverse("assessments:results_status", args=[submitted.pk]))
    assert done["HX-Refresh"] == "true"


def test_a_draft_has_no_results_page(client, system, owner):
    assessment = start(system, owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert response["Location"] == reverse("assessments:assessment_detail", args=[assessment.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 302), ("editor", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 302)],
)
def test_asking_for_a_rescore(client, request, submitted, who, status, django_capture_on_commit_callbacks):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessments:rescore", args=[submitted.pk]))
    assert response.status_code == status
    assert AuditEvent.objects.filter(assessment=submitted, action="rescore_requested").exists() is (
        who == "owner"
    )
    assert AssessmentResult.objects.filter(assessment=submitted).count() == 1


@pytest.mark.parametrize(("who", "status"), [("viewer", 200), ("outsider", 404)])
def test_who_sees_results(client, request, submitted, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("assessments:results", args=[submitted.pk])).status_code == status


def test_results_page_queries_do_not_grow_with_the_questionnaire(
    client,
    submitted,
    system,
    owner,
    published_content,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(owner)
    small = start(system, owner, role="user", triage={**TRIAGE, "personal_data": False, "retrieval": False})
    answer_all(small, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=small, by=owner)
    counts = []
    for assessment in (small, submitted):
        with django_assert_max_num_queries(6) as captured:  # 25 before the content was kept
            client.get(reverse("assessments:results", args=[assessment.pk]))
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_method_page_is_public_and_states_the_rules(client):
    page = client.get(reverse("assessments:scoring_method")).content.decode()
    assert scoring.METHOD_VERSION in page
    assert "partly 0.5" in page and "n/4" in page
    assert "75.0%" in page  # the essential gap threshold


def test_the_method_document_matches_the_code():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert f"Method version: {scoring.METHOD_VERSION}" in text
    for criticality, weight in scoring.CRITICALITY_WEIGHT.items():
        assert f"{criticality} {weight}" in text
    for criticality, threshold in scoring.GAP_THRESHOLD.items():
        assert f"{criticality} {scoring.percent(threshold)}%" in text


def _left_out_paragraph(page: str) -> str:
    marker = "Recommendations that apply to this system but had nothing to score"
    return page[page.index(marker) : page.index("</p>", page.index(marker))] if marker in page else ""


def test_results_call_applicable_only_what_applies_to_this_system(client, submitted, owner):
    """A retail system's results never list education's or healthcare's recommendations as applicable."""
    from guideline_content.models import Obligation

    result = AssessmentResult.objects.get(assessment=submitted)
    left_out = Obligation.objects.filter(
        version=submitted.guideline_version, code__in=result.detail["excluded_obligations"]
    )
    other_sectors = [o.code for o in left_out if o.sectors and "retail" not in o.sectors]
    assert other_sectors, "the fixture should leave out other sectors' recommendations"
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    paragraph = _left_out_paragraph(page)
    assert not [code for code in other_sectors if code in paragraph]


def _with_rating(submitted, *, rating: str, uncapped: str, capped_by: list[str]) -> None:
    result = AssessmentResult.objects.get(assessment=submitted)
    result.rating, result.uncapped_rating = rating, uncapped
    result.capped_by = result.detail["capped_by"] = capped_by
    result.save()


def test_results_say_plainly_when_an_essential_recommendation_lowered_the_rating(client, submitted, owner):
    code = AssessmentResult.objects.get(assessment=submitted).detail["obligations"][0]["code"]
    _with_rating(submitted, rating="not_aligned", uncapped="partly_aligned", capped_by=[code])
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert "Rated “Not aligned”, one band lower than the score alone (“Partly aligned”), because an " in page
    assert f'href="#{code}"' in page


def test_results_say_nothing_about_lowering_when_the_rating_is_already_the_lowest(client, submitted, owner):
    code = AssessmentResult.objects.get(assessment=submitted).detail["obligations"][0]["code"]
    _with_rating(submitted, rating="not_aligned", uncapped="not_aligned", capped_by=[code])
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert "one band lower" not in page and "rating-lowered" not in page
