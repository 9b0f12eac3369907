"""Evidence, reports and auditor packages: private attachments no cache keeps, each download recorded,
on the pages and through the API alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import AuditEvent, Report
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from tests.api.conftest import token_for
from tests.assessments.helpers import answer_all, start, streamed

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def files(system, owner, django_capture_on_commit_callbacks) -> dict:
    assessment = start(system, owner)
    answer_all(assessment, owner)
    item = load_questionnaire(assessment).items[0]
    evidence = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("policy.pdf", PDF), by=owner
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    report = Report.objects.create(
        assessment=assessment, result=assessment.results.first(), language="en", number="GAIP-T-7",
        status=Report.Status.READY, page_count=1, assessment_status="submitted",
    )  # fmt: skip
    report.file.save("r.pdf", SimpleUploadedFile("r.pdf", PDF))
    report.package.save("p.zip", SimpleUploadedFile("p.zip", b"PK\x05\x06" + bytes(18)))
    return {"evidence": evidence.pk, "report": report.pk}


@pytest.mark.parametrize(
    "url_name, key, action",
    [
        ("assessments:evidence_download", "evidence", AuditEvent.Action.EVIDENCE_DOWNLOADED),
        ("assessments:report_download", "report", AuditEvent.Action.REPORT_DOWNLOADED),
        ("assessments:package_download", "report", AuditEvent.Action.PACKAGE_DOWNLOADED),
        ("api:evidence_download", "evidence", AuditEvent.Action.EVIDENCE_DOWNLOADED),
        ("api:report_download", "report", AuditEvent.Action.REPORT_DOWNLOADED),
        ("api:report_package", "report", AuditEvent.Action.PACKAGE_DOWNLOADED),
    ],
)
def test_downloads_are_private_attachments_and_recorded(client, owner, files, url_name, key, action):
    headers = {}
    if url_name.startswith("api:"):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token_for(owner)}"
    else:
        client.force_login(owner)

    response = client.get(reverse(url_name, args=[files[key]]), **headers)

    assert response.status_code == 200
    streamed(response)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action=action, actor=owner).count() == 1


@pytest.mark.parametrize(
    "uploaded, kept",
    [
        ("evidence.html", "evidence.pdf"),
        ("payload.hta", "payload.pdf"),
        ("run.js", "run.pdf"),
        ("no-extension", "no-extension.pdf"),
        ("Policy v3.PDF", "Policy v3.PDF"),
    ],
)
def test_a_file_keeps_only_a_name_that_says_what_it_is(system, owner, uploaded, kept):
    """A file with %PDF- near its start is a PDF: named .html, a browser opening the copy would run it."""
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    hostile = b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n"

    evidence = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile(uploaded, hostile), by=owner
    )

    assert evidence.content_type == "application/pdf" and evidence.original_name == kept


def test_a_file_stored_before_the_check_is_offered_under_a_safe_name(client, owner, files):
    from assessments.models import Evidence

    Evidence.objects.filter(pk=files["evidence"]).update(original_name="old.html")
    client.force_login(owner)

    response = client.get(reverse("assessments:evidence_download", args=[files["evidence"]]))

    streamed(response)
    assert 'filename="old.pdf"' in response["Content-Disposition"]
