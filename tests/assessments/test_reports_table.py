"""The reports table on the results page, and who gets which automatic report."""

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Report
from assessments.services import assessments as services
from assessments.services import reports
from assessments.services import scoring as scoring_services
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db
SHA = "ab" * 32


@pytest.fixture
def scored(system, owner, django_capture_on_commit_callbacks):
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    return scoring_services.current_result(assessment)


def ready_report(result, language="en") -> Report:
    report = reports.request_report(result=result, language=language, by=result.assessment.submitted_by)
    ready = {"status": Report.Status.READY, "sha256": SHA, "size": 1000, "page_count": 9}
    Report.objects.filter(pk=report.pk).update(**ready)
    return report


@pytest.mark.parametrize(("language", "zone"), [("en", "HKT"), ("zh-hant", "（香港時間）")])
def test_the_reports_table_shows_the_whole_sha256_and_the_time_with_its_zone(
    client, scored, owner, language, zone
):
    ready_report(scored)
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("assessments:results", args=[scored.assessment_id])).content.decode()
    assert f'<span class="code">{SHA}</span>' in page  # whole, in the wrapping block (portal.css)
    assert 'class="sha256"' in page and zone in page


def test_automatic_reports_include_the_submitters_language(scored, owner, settings):
    settings.REPORTS_AUTOMATIC_LANGUAGES = ["en"]
    owner.language = "zh-hant"
    owner.save()
    assert reports.automatic_report_languages(scored) == ["en", "zh-hant"]
    owner.language = "en"
    owner.save()
    assert reports.automatic_report_languages(scored) == ["en"]


def test_no_automatic_report_is_made_when_none_are_configured(scored, owner, settings):
    settings.REPORTS_AUTOMATIC_LANGUAGES = []
    owner.language = "zh-hant"
    owner.save()
    assert reports.automatic_report_languages(scored) == []
