"""Scoring through real Celery worker processes, as in production."""

import time

import pytest

from assessments.models import Assessment, AssessmentResult
from assessments.services import assessments as services
from assessments.services import scoring as scoring_services
from tests.assessments.helpers import answer_all, start
from tests.worker.conftest import forget_connections, point_broker_at

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_result(assessment: Assessment, timeout: float) -> AssessmentResult:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = AssessmentResult.objects.filter(assessment=assessment).first()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"no result for assessment {assessment.pk} after {timeout} s")


def submitted_assessment(system, owner) -> Assessment:
    assessment = start(system, owner)
    answer_all(assessment, owner)
    services.submit_assessment(assessment=Assessment.objects.get(pk=assessment.pk), by=owner)
    return Assessment.objects.get(pk=assessment.pk)


def test_submission_is_scored_by_a_worker_process(guideline, system, owner, start_worker):
    worker = start_worker()
    assessment = submitted_assessment(system, owner)
    result = wait_for_result(assessment, timeout=60)
    assert result.overall == scoring_services.score_of(assessment).overall.score
    worker.wait_for("succeeded", timeout=10)


def test_a_task_whose_worker_dies_completes_once_on_another(guideline, system, owner, start_worker, tmp_path):
    started = tmp_path / "started"
    doomed = start_worker("tests.worker.slow_celery", SCORING_STARTED_FILE=str(started))
    assessment = submitted_assessment(system, owner)
    deadline = time.monotonic() + 60
    while not started.exists():
        assert time.monotonic() < deadline, "the task never started"
        time.sleep(0.2)
    doomed.kill()  # mid-task: the message was never acknowledged
    assert not AssessmentResult.objects.filter(assessment=assessment).exists()

    rescuer = start_worker()
    result = wait_for_result(assessment, timeout=90)  # redelivered after the visibility timeout
    assert AssessmentResult.objects.filter(assessment=assessment).count() == 1
    assert result.revision == assessment.revision
    rescuer.wait_for("succeeded", timeout=10)


def test_a_submission_while_the_broker_is_down_is_scored_by_the_sweep(
    guideline, system, owner, start_worker, monkeypatch
):
    from portal.celery import app

    with monkeypatch.context() as outage:
        point_broker_at(outage, app, "redis://127.0.0.1:1/0")  # nothing listens there
        assessment = submitted_assessment(system, owner)
        assert assessment.status == Assessment.Status.SUBMITTED  # the submission itself is kept
    forget_connections(app)
    start_worker()
    time.sleep(2)
    assert not AssessmentResult.objects.filter(assessment=assessment).exists()
    assert scoring_services.sweep_unscored() == 1  # what beat runs every five minutes
    wait_for_result(assessment, timeout=60)


def test_a_worker_renders_the_report_after_scoring(guideline, system, owner, start_worker):
    from assessments.models import Report

    worker = start_worker(REPORTS_AUTOMATIC_LANGUAGES="en,zh-hant")
    assessment = submitted_assessment(system, owner)
    wait_for_result(assessment, timeout=60)
    deadline = time.monotonic() + 120
    while Report.objects.filter(assessment=assessment, status=Report.Status.READY).count() < 2:
        failed = Report.objects.filter(assessment=assessment, status=Report.Status.FAILED).first()
        assert failed is None, failed.error
        assert time.monotonic() < deadline, "reports were not rendered in time"
        time.sleep(0.5)
    for report in Report.objects.filter(assessment=assessment):
        with report.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
        assert report.page_count > 5
    worker.wait_for("render_report", timeout=10)
