"""Every download of evidence or of a report, whoever makes it, is recorded in the audit trail."""

from django.http import FileResponse, Http404

from accounts.models import User
from assessments.models import AuditEvent, Evidence, Report
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
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
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
        return FileResponse(
            report.package.open("rb"),
            as_attachment=True,
            filename=f"{report.number}-package.zip",
            content_type="application/zip",
        )
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type="application/pdf",
    )
