"""A render claims its report with a lease: a second delivery of the task, or the sweep, never renders a
report that a live render holds, and a render that lost its lease leaves no orphaned private file."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from assessments.models import Report
from assessments.services import assessments as services
from assessments.services import reports
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(system, owner, settings, django_capture_on_commit_callbacks):
    settings.REPORTS_AUTOMATIC_LANGUAGES = []
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    report = reports.request_report(result=assessment.results.get(), language="en", by=owner)
    return report  # its task was not run: the tests render it themselves


@pytest.fixture
def fast_render(monkeypatch):
    """Rendering without WeasyPrint: each call returns a distinct one-page 'PDF'."""
    calls = []

    def fake_pdf(html):
        calls.append(html)
        return f"%PDF-1.4 render {len(calls)}".encode(), 1

    monkeypatch.setattr(reports, "render_pdf", fake_pdf)
    monkeypatch.setattr(reports, "build_package", lambda report, pdf, items: b"PK" + pdf)
    return calls


def _files() -> list[Path]:
    root = Path(settings.STORAGES["reports"]["OPTIONS"]["location"])
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_report_held_by_a_live_render_is_not_rendered_again(pending, fast_render):
    Report.objects.filter(pk=pending.pk).update(
        status=Report.Status.RENDERING, render_started_at=timezone.now()
    )

    reports.render_report(report_id=pending.pk)

    assert fast_render == [] and Report.objects.get(pk=pending.pk).status == Report.Status.RENDERING
    assert reports.sweep_pending_reports(older_than=timedelta(0)) == 0  # the sweep leaves it alone too


def test_a_render_whose_worker_died_is_taken_over_after_the_lease(pending, fast_render):
    expired = timezone.now() - reports.RENDER_LEASE - timedelta(seconds=1)
    Report.objects.filter(pk=pending.pk).update(status=Report.Status.RENDERING, render_started_at=expired)

    assert reports.sweep_pending_reports() == 1  # queued, and run in-process here
    report = Report.objects.get(pk=pending.pk)
    assert report.status == Report.Status.READY and len(fast_render) == 1


def test_a_render_that_lost_its_lease_deletes_what_it_wrote(pending, monkeypatch, fast_render):
    slow_pdf = reports.render_pdf

    def overtaken(html):
        # while this render runs, its lease expires and another render takes the report and finishes
        monkeypatch.setattr(reports, "render_pdf", slow_pdf)
        expired = timezone.now() - reports.RENDER_LEASE - timedelta(seconds=1)
        Report.objects.filter(pk=pending.pk).update(render_started_at=expired)
        reports.render_report(report_id=pending.pk)
        return b"%PDF-1.4 the late one", 1

    monkeypatch.setattr(reports, "render_pdf", overtaken)

    reports.render_report(report_id=pending.pk)

    report = Report.objects.get(pk=pending.pk)
    assert report.status == Report.Status.READY
    with report.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 render 1"  # the render that finished first keeps the report
    assert _files() == sorted([Path(report.file.path), Path(report.package.path)])  # nothing orphaned


def test_a_double_click_makes_one_report(pending, owner):
    again = reports.request_report(result=pending.result, language="en", by=owner)
    assert again.pk == pending.pk
    chinese = reports.request_report(result=pending.result, language="zh-hant", by=owner)
    assert chinese.pk != pending.pk  # another language is another report
    assert Report.objects.filter(result=pending.result).count() == 2


def test_once_ready_a_new_request_is_a_new_report(pending, owner, fast_render):
    reports.render_report(report_id=pending.pk)
    newer = reports.request_report(result=pending.result, language="en", by=owner)
    assert newer.pk != pending.pk


def test_a_decisions_report_is_new_even_while_an_earlier_one_waits(pending, owner):
    from assessments.models import Assessment

    Assessment.objects.filter(pk=pending.assessment_id).update(status=Assessment.Status.APPROVED)
    result = pending.result
    result.refresh_from_db()  # its assessment now says approved
    decided = reports.request_report(result=result, language="en", by=None)
    assert decided.pk != pending.pk and decided.assessment_status == Assessment.Status.APPROVED
