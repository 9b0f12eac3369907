"""Reports: request, poll, download (PDF and auditor package), retry, and public verification."""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import downloads, permissions
from assessments.permissions import Action
from assessments.services import reports as services
from assessments.services import scoring as scoring_services

MAX_VERIFY_BYTES = settings.VERIFY_MAX_BYTES  # reports are a few MB; refuse to hash anything far larger


class ReportForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=gettext_lazy("Language"))


class VerifyForm(forms.Form):
    file = forms.FileField(required=False, label=gettext_lazy("The PDF to check"))
    number = forms.CharField(required=False, max_length=30, label=gettext_lazy("Report number"))
    sha256 = forms.CharField(required=False, max_length=300, label=gettext_lazy("SHA-256 of the file"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(_("This file is larger than any report the portal issues."))
        return upload

    def clean_sha256(self):
        """Accept what is unambiguous: spaces or line breaks anywhere (as tools print it in groups), any
        case, a leading "sha256:"."""
        value = "".join(self.cleaned_data.get("sha256", "").split()).lower().removeprefix("sha256:")
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("A SHA-256 is 64 hexadecimal characters."))
        return value

    def clean_number(self):
        return self.cleaned_data.get("number", "").strip().upper()

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("number") and data.get("sha256")):
            raise forms.ValidationError(_("Upload the PDF, or give both its report number and its SHA-256."))
        return data


def _to_reports(assessment_pk: int) -> HttpResponse:
    return redirect(reverse("assessments:results", args=[assessment_pk]) + "#reports")


@require_POST
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.REPORT)
    form = ReportForm(request.POST)
    result = scoring_services.current_result(assessment)
    if not form.is_valid() or result is None:
        messages.error(request, _("A report needs a scored assessment and a language."))
        return _to_reports(assessment.pk)
    language = form.cleaned_data["language"]
    try:
        report = services.request_report(result=result, language=language, by=request.user)
    except services.ReportLimitReached as exc:
        messages.error(request, str(exc))
        return _to_reports(assessment.pk)
    _say_how_the_report_is(request, report)
    return _to_reports(assessment.pk)


def _say_how_the_report_is(request: HttpRequest, report) -> None:
    """Say what is true by now: without a worker the report was rendered before this line."""
    report.refresh_from_db(fields=["status", "error"])
    number = {"number": report.number}
    if report.status == report.Status.READY:
        messages.success(request, _("Report %(number)s is ready to download.") % number)
    elif report.status == report.Status.FAILED:
        messages.error(
            request,
            _("Report %(number)s could not be generated: %(error)s") % {**number, "error": report.error},
        )
    else:
        messages.info(
            request,
            _("Report %(number)s is being generated; this page updates itself when it is ready.") % number,
        )


def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled while a report is generated: the page reloads once it is ready or has failed."""
    report = permissions.get_report(request.user, pk)
    if report.status in (report.Status.PENDING, report.Status.RENDERING):
        return HttpResponse(status=204)
    return HttpResponse(headers={"HX-Refresh": "true"})


def report_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.report_file(permissions.get_report(request.user, pk), by=request.user)


def package_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.report_file(permissions.get_report(request.user, pk), by=request.user, package=True)


@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report(request.user, pk, Action.REPORT)
    services.retry_report(report=report)
    _say_how_the_report_is(request, report)
    return _to_reports(report.assessment_id)


@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    checked, report = False, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        sha256 = services.sha256_of_upload(upload) if upload else form.cleaned_data["sha256"]
        report = services.verify(sha256=sha256, number="" if upload else form.cleaned_data["number"])
        checked = True
    return render(
        request,
        "assessments/verify.html",
        {
            "form": form,
            "checked": checked,
            "report": report,
            "newer": report and services.newer_report(report),
        },
    )
