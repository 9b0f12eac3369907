"""After a decision the report is rendered again with a review section; earlier ones say so."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Report
from assessments.services import reports as report_services
from assessments.services import review
from assessments.services.questionnaire import load_questionnaire
from assessments.workflow import Move

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(in_review, reviewer, owner, django_capture_on_commit_callbacks):
    earlier = report_services.request_report(
        result=in_review.results.get(), language="en", by=owner
    )  # made before the decision
    Report.objects.filter(pk=earlier.pk).update(status=Report.Status.READY, sha256="a" * 64, page_count=1)
    with django_capture_on_commit_callbacks(execute=False):  # the HTML is checked here, not the PDF
        review.decide(assessment=in_review, move=Move.APPROVE, reason="Evidence is complete.", by=reviewer)
    return in_review


def html_of(report) -> str:
    return report_services.report_html(report, load_questionnaire(report.assessment).items)


@pytest.mark.parametrize(
    "language, texts",
    [
        ("en", ["Review by the Digital Policy Office", "Approved", "DPO reviewer", "Evidence is complete."]),
        ("zh-hant", ["數字政策辦公室的審閱", "已批准", "數字政策辦公室審閱人員", "Evidence is complete."]),
    ],
)
def test_the_report_after_the_decision_has_a_review_section(decided, language, texts):
    report = Report.objects.get(assessment=decided, assessment_status="approved", language=language)
    html = html_of(report)
    for text in texts:
        assert text in html
    assert '<th scope="row">' in html and ">1</td>" in html  # one review round


def test_a_report_made_before_the_decision_has_no_review_section(decided):
    earlier = Report.objects.get(assessment=decided, assessment_status="in_review")
    with translation.override("en"):
        assert "Review by the Digital Policy Office" not in html_of(earlier)


def test_earlier_reports_are_marked_superseded_on_the_pages(client, decided, owner):
    newer = Report.objects.get(assessment=decided, assessment_status="approved", language="en")
    Report.objects.filter(pk=newer.pk).update(
        status=Report.Status.READY, sha256="b" * 64, number="GAIP-NEW", page_count=1
    )
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[decided.pk])).content.decode()
    assert page.count("Superseded: a newer report of this assessment exists (GAIP-NEW") == 1
    earlier = Report.objects.get(assessment=decided, assessment_status="in_review")
    verify = client.post(reverse("assessments:verify"), {"sha256": "a" * 64, "number": earlier.number})
    assert "Superseded: a newer report of this assessment exists (GAIP-NEW" in verify.content.decode()
    latest = client.post(reverse("assessments:verify"), {"sha256": "b" * 64, "number": "GAIP-NEW"})
    assert "Superseded" not in latest.content.decode()


def test_the_decided_report_renders_to_a_pdf_with_the_review_section(decided):
    import subprocess

    report = Report.objects.get(assessment=decided, assessment_status="approved", language="zh-hant")
    rendered = report_services.render_report(report_id=report.pk)
    assert rendered.status == Report.Status.READY, rendered.error
    with rendered.file.open("rb") as pdf:
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.read(), capture_output=True, check=True
        ).stdout
    assert "數字政策辦公室的審閱" in text.decode() and "Evidence is complete." in text.decode()
