"""After a slow action the message says what is true at that moment (ready, or still under way)."""

import pytest
from django.urls import reverse

from assessments.models import Report
from tests.assessments.helpers import answer_all, start
from tests.assessments.test_organisations import messages_of

pytestmark = pytest.mark.django_db


def test_submitting_with_scoring_still_queued_says_the_scores_follow(client, system, owner):
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    client.force_login(owner)
    # In the test transaction nothing is committed, so scoring waits as it would for a busy worker.
    response = client.post(reverse("assessments:submit", args=[assessment.pk]), follow=True)
    assert messages_of(response) == [
        "Submitted. The answers are now locked; the scores appear on the results page shortly."
    ]


def test_asking_for_a_report_a_worker_has_not_rendered_yet_says_so(
    client, system, owner, django_capture_on_commit_callbacks
):
    from assessments.services import assessments as services

    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    client.force_login(owner)
    response = client.post(
        reverse("assessments:report_request", args=[assessment.pk]), {"language": "en"}, follow=True
    )
    [report] = Report.objects.filter(assessment=assessment)
    assert report.status == Report.Status.PENDING
    assert messages_of(response) == [
        f"Report {report.number} is being generated; this page updates itself when it is ready."
    ]
