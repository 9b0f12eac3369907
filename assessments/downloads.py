"""Every download of evidence or of a report, whoever makes it (pages or API), is recorded in the audit
trail, and offered as a private attachment that no browser or proxy keeps."""

from django.http import FileResponse, Http404

from accounts.models import User
from assessments.models import AuditEvent, Evidence, Report
from assessments.services.assessments import name_for_type
from assessments.services.audit import record_event


def evidence_file(evidence: Evidence, *, by: User) -> FileResponse:
    record_event(
        AuditEvent.Action.EVIDENCE_DOWNLOADED,
        actor=by,
        assessment=evidence.answer.assessment,
        evidence=evidence.pk,
        name=evidence.original_name,
        sha256=evidence.sha256,
    )
    return _private(
        FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=name_for_type(evidence.original_name, evidence.content_type),
            content_type=evidence.content_type,
        )
    )


def report_file(report: Report, *, by: User, package: bool = False) -> FileResponse:
    """The PDF of a ready report, or (`package`) its auditor package; 404 until it is ready."""
    if report.status != Report.Status.READY:
        raise Http404
    record_event(
        AuditEvent.Action.PACKAGE_DOWNLOADED if package else AuditEvent.Action.REPORT_DOWNLOADED,
        actor=by,
        assessment=report.assessment,
        report=report.number,
    )
    if package:
        file, name, content_type = report.package, f"{report.number}-package.zip", "application/zip"
    else:
        file, name, content_type = report.file, report.download_name, "application/pdf"
    return _private(
        FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    )


def _private(response: FileResponse) -> FileResponse:
    # Confidential: never stored by a shared proxy, nor left in the browser's cache on a shared computer.
    response["Cache-Control"] = "private, no-store"
    return response
