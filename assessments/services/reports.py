"""PDF reports: requested, rendered by WeasyPrint in a worker, stored, and verifiable by anyone.

A report is immutable once ready; rendering again makes a new numbered report. Its SHA-256 is what
the public verification page checks.
"""

import functools
import hashlib
import io
import json
import logging
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import User
from assessments import scoring, tasks, workflow
from assessments.models import Assessment, AssessmentResult, Report
from assessments.services import ServiceError, benchmark, enqueue
from assessments.services import assessments as assessment_services
from assessments.services.questionnaire import Item, load_questionnaire
from assessments.services.results import result_view
from portal.base_url import portal_base_url

logger = logging.getLogger(__name__)
PDF_VARIANT = "pdf/ua-1"  # tagged PDF with a document language; see docs/reports.md
TOP_GAPS = 5


# ---------------------------------------------------------------- requesting


class ReportLimitReached(ServiceError):
    """Too many reports asked for: `retry_after` is how many seconds until the next may be asked for."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _wait_for_room(requested, limit: int, window: timedelta, now) -> int | None:
    """Seconds until fewer than `limit` of the `requested` times fall in the window; None if there is room."""
    times = sorted(requested)
    if len(times) < limit:
        return None
    freed_at = times[len(times) - limit] + window
    return max(1, int((freed_at - now).total_seconds()) + 1)


def _refuse_beyond_limits(*, assessment: Assessment, by: User, now) -> None:
    """Each report is seconds of a worker's time on the reports queue, which every organisation shares:
    one person may ask for settings.REPORTS_PER_USER_PER_HOUR, and one assessment gets at most
    settings.REPORTS_PER_ASSESSMENT_PER_DAY from its people, so nobody's burst delays everyone's reports
    for long (scoring has a queue of its own and waits for no report). Reports the portal makes itself
    (after scoring, after a decision) are not counted."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    by_user = Report.objects.filter(requested_by=by, requested_at__gt=now - hour)
    wait = _wait_for_room(
        by_user.values_list("requested_at", flat=True), settings.REPORTS_PER_USER_PER_HOUR, hour, now
    )
    if wait is not None:
        minutes = -(-wait // 60)
        raise ReportLimitReached(
            ngettext(
                "You have asked for %(count)d reports in the last hour, the most one person may. "
                "You can ask for the next one in %(minutes)d minute.",
                "You have asked for %(count)d reports in the last hour, the most one person may. "
                "You can ask for the next one in %(minutes)d minutes.",
                minutes,
            )
            % {"count": settings.REPORTS_PER_USER_PER_HOUR, "minutes": minutes},
            wait,
        )
    of_assessment = Report.objects.filter(
        assessment=assessment, requested_by__isnull=False, requested_at__gt=now - day
    )
    limit = settings.REPORTS_PER_ASSESSMENT_PER_DAY
    wait = _wait_for_room(of_assessment.values_list("requested_at", flat=True), limit, day, now)
    if wait is not None:
        hours = -(-wait // 3600)
        raise ReportLimitReached(
            ngettext(
                "%(count)d reports of this assessment were asked for in the last 24 hours, the most it "
                "may have. The next one can be asked for in %(hours)d hour; the reports already made "
                "remain available.",
                "%(count)d reports of this assessment were asked for in the last 24 hours, the most it "
                "may have. The next one can be asked for in %(hours)d hours; the reports already made "
                "remain available.",
                hours,
            )
            % {"count": limit, "hours": hours},
            wait,
        )


def request_report(*, result: AssessmentResult, language: str, by: User | None) -> Report:
    """Record a new report of `result` in `language` and queue its rendering after commit; or, while one
    is still waiting or rendering, return that one (a double click, or a second tab, makes one report).

    Raises ReportLimitReached when `by` has asked for too many reports lately, or the assessment has had
    too many (see _refuse_beyond_limits); nothing is recorded then."""
    assessment = result.assessment
    with transaction.atomic():
        if by is not None:  # one request of theirs at a time, so that two at once cannot both pass the limit
            User.objects.select_for_update().filter(pk=by.pk).first()
        AssessmentResult.objects.select_for_update().filter(pk=result.pk).first()  # one request at a time
        unfinished = Report.objects.filter(
            result=result,
            language=language,
            assessment_status=assessment.status,  # a decision's report is a new one, whatever waits
            status__in=[Report.Status.PENDING, Report.Status.RENDERING],
        ).first()
        if unfinished is not None:
            return unfinished
        if by is not None:
            _refuse_beyond_limits(assessment=assessment, by=by, now=timezone.now())
        report = Report.objects.create(
            assessment=assessment,
            result=result,
            language=language,
            requested_by=by,
            assessment_status=assessment.status,
        )
        report.number = f"GAIP-{report.requested_at:%Y}-{report.pk:06d}"
        report.save(update_fields=["number"])
        transaction.on_commit(lambda: enqueue_rendering(report.pk), robust=True)
    return report


def automatic_report_languages(result: AssessmentResult) -> list[str]:
    """settings.REPORTS_AUTOMATIC_LANGUAGES, and the language of whoever submitted (when reports are made
    automatically at all): the person who will read the report first gets it in their language."""
    languages = list(settings.REPORTS_AUTOMATIC_LANGUAGES)
    submitter = User.objects.filter(pk=result.assessment.submitted_by_id).first()
    if languages and submitter and submitter.preferred_language not in languages:
        languages.append(submitter.preferred_language)
    return languages


def request_automatic_reports(result: AssessmentResult) -> None:
    """The reports made whenever a result is stored."""
    for language in automatic_report_languages(result):
        request_report(result=result, language=language, by=None)


def enqueue_rendering(report_id: int) -> bool:
    return enqueue(tasks.render_report, report_id)


def retry_report(*, report: Report) -> None:
    if report.status != Report.Status.FAILED:
        return
    Report.objects.filter(pk=report.pk, status=Report.Status.FAILED).update(
        status=Report.Status.PENDING, error=""
    )
    transaction.on_commit(lambda: enqueue_rendering(report.pk), robust=True)


# A render takes seconds and is stopped at settings.REPORT_RENDER_TIME_LIMIT; one still "rendering" after
# its lease has lost its worker, and may be taken over (by the task redelivered, or by the sweep).
RENDER_LEASE = timedelta(seconds=settings.REPORT_RENDER_LEASE_SECONDS)


def sweep_pending_reports(older_than: timedelta = timedelta(minutes=5)) -> int:
    """Queue reports that have waited too long (broker down when requested), and those whose render
    lease has expired (worker died); never one that a live render still holds."""
    now = timezone.now()
    stale = Report.objects.filter(
        Q(status=Report.Status.PENDING, requested_at__lt=now - older_than)
        | Q(status=Report.Status.RENDERING, render_started_at__lt=now - RENDER_LEASE)
    )
    return sum(enqueue_rendering(pk) for pk in stale.values_list("pk", flat=True))


# ---------------------------------------------------------------- rendering


def _claim(report_id: int) -> uuid.UUID | None:
    """Take the report for this render (conditional, so two renders never both hold it)."""
    lease, now = uuid.uuid4(), timezone.now()
    claimable = Q(status=Report.Status.PENDING) | Q(
        status=Report.Status.RENDERING, render_started_at__lt=now - RENDER_LEASE
    )
    taken = Report.objects.filter(claimable, pk=report_id).update(
        status=Report.Status.RENDERING, render_lease=lease, render_started_at=now
    )
    return lease if taken else None


def render_report(*, report_id: int) -> Report | None:
    """Render and store a report, once: a render first claims the report (a lease), so that a second
    delivery of the task, or a sweep, finds it taken and does nothing; a render that lost its lease
    meanwhile deletes what it wrote. A failure is stored on the report with its cause and can be retried."""
    lease = _claim(report_id)
    if lease is None:
        return Report.objects.filter(pk=report_id).first()  # ready, failed, or held by another render
    report = Report.objects.select_related("assessment", "result").get(pk=report_id)
    try:
        items = load_questionnaire(report.assessment).items  # read once for the PDF and the package
        pdf, pages = render_pdf(report_html(report, items))
        package = build_package(report, pdf, items)
    except Exception as exc:
        logger.exception("Rendering report %s failed", report.number)
        cause = f"{type(exc).__name__}: {exc}"[:1000]
        Report.objects.filter(pk=report.pk, render_lease=lease).update(
            status=Report.Status.FAILED, error=cause
        )
        return Report.objects.get(pk=report.pk)
    report.file.save("report.pdf", ContentFile(pdf), save=False)
    report.package.save("package.zip", ContentFile(package), save=False)
    stored = Report.objects.filter(pk=report.pk, render_lease=lease, status=Report.Status.RENDERING).update(
        file=report.file.name,
        package=report.package.name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        package_sha256=hashlib.sha256(package).hexdigest(),
        size=len(pdf),
        page_count=pages,
        status=Report.Status.READY,
        error="",
        rendered_at=timezone.now(),
    )
    if not stored:  # another render took over after our lease expired: leave no orphaned private file
        logger.warning("Render of report %s lost its lease; its files are removed", report.number)
        report.file.delete(save=False)
        report.package.delete(save=False)
    return Report.objects.get(pk=report.pk)


def report_context(report: Report, items: list[Item]) -> dict:
    """Everything the report template shows, read in the report's language."""
    assessment = Assessment.objects.select_related(
        "organisation", "system", "guideline_version", "role", "tier", "submitted_by", "decided_by"
    ).get(pk=report.assessment_id)
    view = result_view(assessment, report.result)
    return {
        **scoring.method_rules(),
        "report": report,
        "assessment": assessment,
        "system": assessment.system,
        "view": view,
        "result": report.result,
        "tier_reasons": assessment_services.tier_reasons(assessment),
        "triage": assessment_services.triage_answers(assessment),
        "top_gaps": view.gaps[:TOP_GAPS],
        "items": items,
        # The method that produced this result, which may be older than the one the appendix describes.
        "method_version": report.result.method_version,
        "current_method_version": scoring.METHOD_VERSION,
        "verify_url": portal_base_url() + reverse("assessments:verify"),
        "tier_rules_url": portal_base_url()
        + reverse("guideline:triage", args=[assessment.guideline_version.code]),
        "generated_at": timezone.now(),
        "review": review_summary(report, assessment),
        "benchmark": benchmark.sector_benchmark(assessment, view.dimensions),
    }


def review_summary(report: Report, assessment: Assessment) -> dict | None:
    """The DPO's decision, for a report made once it was decided (None for any other report)."""
    if report.assessment_status not in workflow.DECIDED or assessment.decided_by is None:
        return None
    return {
        "decision": Assessment.Status(report.assessment_status).label,
        "decided_at": assessment.decided_at,
        "reviewer_role": assessment.decided_by.get_kind_display(),
        "reason": assessment.decision_reason,
        "rounds": assessment.review_round,
    }


def report_html(report: Report, items: list[Item]) -> str:
    with translation.override(report.language):
        return render_to_string("assessments/report/report.html", report_context(report, items))


# The report's CSS takes single signs from installed fonts (`src: local(...)`); WeasyPrint reads those
# files through the fetcher.
SYSTEM_FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}


# WeasyPrint and what it loads (~80 MB) are imported where a PDF is made, never in a web worker.
@functools.cache
def _static_only_fetcher() -> type:
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint may read `data:` URLs, the portal's own static files and installed font files,
        nothing else: no request to any host (no SSRF) and no other local file, whatever the content
        says."""

        def __init__(self):
            super().__init__(timeout=5, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:") or _is_static_file(url) or _is_font_file(url):
                return super().fetch(url, headers)
            raise ValueError(f"Refused to fetch {url[:100]} while rendering a report")

    return StaticOnlyFetcher


def __getattr__(name: str):
    if name == "StaticOnlyFetcher":
        return _static_only_fetcher()
    raise AttributeError(name)


def _static_roots() -> list[Path]:
    return [Path(p).resolve() for p in settings.STATICFILES_DIRS]


def _local_file(url: str, roots: list[Path]) -> bool:
    if not url.startswith("file://"):
        return False
    path = Path(url.removeprefix("file://").split("?")[0]).resolve()
    return path.is_file() and any(path.is_relative_to(root) for root in roots)


def _is_static_file(url: str) -> bool:
    return _local_file(url, _static_roots())


def _is_font_file(url: str) -> bool:
    return Path(url.split("?")[0]).suffix.lower() in FONT_SUFFIXES and _local_file(url, SYSTEM_FONT_DIRS)


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF bytes and page count of a report's HTML."""
    from weasyprint import HTML

    base = _static_roots()[0].as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=_static_only_fetcher()()).render(
        pdf_variant=PDF_VARIANT
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


# ---------------------------------------------------------------- auditor package


CROSSWALKS_ARE = "the portal's own mapping to other frameworks, not the DPO's or those frameworks' owners'"


def answers_document(report: Report, items: list[Item]) -> dict:
    """The answers as data, for the auditor package."""
    assessment = report.assessment
    return {
        "report": report.number,
        "organisation": assessment.organisation.name,
        "system": assessment.system.name,
        "role": assessment.role.code,
        "guideline_version": assessment.guideline_version.code,
        "guideline_edition": assessment.guideline_version.edition,
        "guideline_label": assessment.guideline_version.label,
        "questionnaire_revision": assessment.guideline_version.revision,
        "method_version": report.result.method_version,
        "revision": report.result.revision,
        "tier": assessment.tier.code if assessment.tier else None,
        "triage": assessment.triage_facts,
        "answers": [
            {
                "question": item.question.code,
                "value": item.answer.value if item.answer else "",
                "not_applicable": bool(item.answer and item.answer.not_applicable),
                "na_reason": item.answer.na_reason if item.answer else "",
                "comment": item.answer.comment if item.answer else "",
                "evidence": [
                    {"name": e.original_name, "sha256": e.sha256, "size": e.size}
                    for e in (item.answer.evidence.all() if item.answer else [])
                ],
                "recommendations": [
                    {"code": o.code, "crosswalks": list(o.crosswalks)}
                    for o in item.question.obligations.all()
                ],
            }
            for item in items
        ],
        "crosswalks_are": CROSSWALKS_ARE,
    }


def build_package(report: Report, pdf: bytes, items: list[Item]) -> bytes:
    """A ZIP with the PDF, the answers as JSON, every evidence file, and a SHA-256 manifest."""
    files: dict[str, bytes] = {
        report.download_name: pdf,
        "answers.json": json.dumps(answers_document(report, items), ensure_ascii=False, indent=2).encode(),
    }
    for item in items:
        for evidence in item.answer.evidence.all() if item.answer else []:
            with evidence.file.open("rb") as stored:
                name = assessment_services.name_for_type(evidence.original_name, evidence.content_type)
                files[f"evidence/{item.question.code}/{evidence.pk}-{name}"] = stored.read()
    manifest = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        archive.writestr("MANIFEST.sha256", manifest)
    return buffer.getvalue()


# ---------------------------------------------------------------- verification


def verify(*, sha256: str, number: str = "") -> Report | None:
    """The issued report with exactly this SHA-256 (and number, when given), or None."""
    reports = Report.objects.filter(status=Report.Status.READY, sha256=sha256.strip().lower())
    if number:
        reports = reports.filter(number=number.strip().upper())
    return reports.select_related(
        "assessment__organisation", "assessment__system", "assessment__guideline_version"
    ).first()


def newer_report(report: Report) -> Report | None:
    """The latest issued report of the same assessment and language made after `report`, if any:
    an issued PDF never changes, so the pages say when it has been superseded."""
    return (
        Report.objects.filter(
            assessment=report.assessment_id,
            language=report.language,
            status=Report.Status.READY,
            pk__gt=report.pk,
        )
        .order_by("-pk")
        .first()
    )


def mark_superseded(reports: list[Report]) -> list[Report]:
    """Set `superseded_by` on each report of one assessment's list (no query)."""
    latest: dict[str, Report] = {}
    for report in sorted(reports, key=lambda r: r.pk, reverse=True):
        report.superseded_by = latest.get(report.language)
        if report.status == Report.Status.READY:
            latest.setdefault(report.language, report)
    return reports


def sha256_of_upload(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()
