"""Reports asked for by people are limited per person and per assessment: one editor's burst cannot fill
the reports queue that every organisation shares (scoring has its own: tests/test_task_queues.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership, Report
from assessments.services import assessments as services
from assessments.services import reports
from tests.assessments.helpers import answer_all, start
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(system, owner, django_capture_on_commit_callbacks):
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    return assessment.results.get()


def _ask(result, by, language="en") -> Report:
    """Ask for a report and let it be 'rendered' (marked ready), so that the next one is a new report."""
    report = reports.request_report(result=result, language=language, by=by)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.READY, page_count=1)
    return report


def test_a_person_asking_for_thirty_reports_gets_ten_and_a_clear_refusal(result, owner):
    made, refusals = 0, []
    for _ in range(30):
        try:
            _ask(result, owner)
            made += 1
        except reports.ReportLimitReached as exc:
            refusals.append(exc)
    assert made == 10 == Report.objects.filter(requested_by=owner).count()
    assert len(refusals) == 20
    assert "10 reports in the last hour" in str(refusals[0]) and "in 60 minutes" in str(refusals[0])
    assert 3500 < refusals[0].retry_after <= 3601


def test_the_hour_slides(result, owner):
    for _ in range(10):
        _ask(result, owner)
    oldest = Report.objects.filter(requested_by=owner).order_by("requested_at").first()
    Report.objects.filter(pk=oldest.pk).update(requested_at=timezone.now() - timedelta(minutes=61))
    assert _ask(result, owner).pk != oldest.pk  # one more: the oldest left the window


def test_one_persons_limit_leaves_colleagues_and_the_portals_own_reports_alone(result, owner, organisation):
    for _ in range(10):
        _ask(result, owner)
    with pytest.raises(reports.ReportLimitReached):
        _ask(result, owner)
    colleague = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user
    assert _ask(result, colleague).requested_by == colleague
    assert _ask(result, None).requested_by is None  # made after scoring or a decision: never refused


def test_a_double_click_at_the_limit_returns_the_waiting_report(result, owner):
    for _ in range(9):
        _ask(result, owner)
    waiting = reports.request_report(result=result, language="en", by=owner)  # the tenth, still pending
    assert reports.request_report(result=result, language="en", by=owner).pk == waiting.pk


def test_an_assessment_gets_at_most_twenty_a_day_from_its_people(result, organisation):
    people = [
        MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user for _ in range(3)
    ]
    for n in range(20):
        _ask(result, people[n % 3])
    with pytest.raises(reports.ReportLimitReached) as refused:
        _ask(result, people[0])
    assert "20 reports of this assessment" in str(refused.value)
    assert "remain available" in str(refused.value)
    assert Report.objects.filter(assessment=result.assessment).count() == 20


def test_the_results_page_says_why_nothing_was_made(client, result, owner):
    for _ in range(10):
        _ask(result, owner)
    client.force_login(owner)
    response = client.post(
        reverse("assessments:report_request", args=[result.assessment_id]), {"language": "en"}, follow=True
    )
    assert response.status_code == 200
    assert "10 reports in the last hour, the most one person may" in response.content.decode()
    assert Report.objects.filter(requested_by=owner).count() == 10


def test_the_api_answers_429_with_retry_after(client, result, owner):
    for _ in range(10):
        _ask(result, owner)
    client.force_login(owner)
    url = f"/api/v1/assessments/{result.assessment_id}/reports/"
    response = client.post(url, {"language": "en"}, content_type="application/json")
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3601
    problem = response.json()
    assert problem["type"].endswith("http-429") and "10 reports in the last hour" in problem["detail"]
    assert Report.objects.filter(requested_by=owner).count() == 10
