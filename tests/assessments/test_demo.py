"""`seed_demo` leaves a newcomer one submitted, scored assessment with a report in each language."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment, AssessmentResult, Report

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_scored_assessment_with_english_and_chinese_reports_once(
    settings, django_capture_on_commit_callbacks, capsys
):
    settings.DEBUG = True  # demo accounts have well-known passwords: DEBUG only
    settings.REPORTS_AUTOMATIC_LANGUAGES = ["en"]
    # The renderings wait in the captured callbacks: rendering itself is tested in test_reports.py.
    with django_capture_on_commit_callbacks(execute=False):
        call_command("seed_demo")
    [scored] = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    result = AssessmentResult.objects.get(assessment=scored)
    assert result.detail["gaps"], "the demo answers leave some gaps to look at"
    reports = Report.objects.filter(assessment=scored)
    assert sorted(r.language for r in reports) == ["en", "zh-hant"]
    assert f"/assessments/{scored.pk}/results/" in capsys.readouterr().out

    call_command("seed_demo")
    assert Assessment.objects.filter(status=Assessment.Status.SUBMITTED).count() == 1
    assert Report.objects.filter(assessment=scored).count() == 2
    assert Assessment.objects.filter(status=Assessment.Status.DRAFT).count() == 3
