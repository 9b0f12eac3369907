"""The auditor's pages: what they were given, and a read-only view of each assessment it covers."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.sessions import privileges_changed
from assessments import downloads, permissions
from assessments.models import AuditorGrant
from assessments.services import ServiceError
from assessments.services import grants as services
from audits import selectors
from reviews import screen


def _require_auditor(request: HttpRequest) -> None:
    if request.user.kind != User.Kind.AUDITOR:
        raise Http404  # the auditor's pages do not exist for anyone else


def grants(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    given = selectors.grants_held_by(request.user)
    return render(
        request,
        "audits/grants.html",
        {
            "grants": list(given),
            "assessments": list(
                permissions.audited_assessments_for(request.user).order_by(
                    "organisation__name", "system__name", "pk"
                )
            ),
        },
    )


def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    audited = permissions.get_audited_assessment(request.user, pk)
    return render(request, "reviews/review.html", screen.audit_context(audited))


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.evidence_file(permissions.get_audited_evidence(request.user, pk), by=request.user)


def report_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.report_file(permissions.get_audited_report(request.user, pk), by=request.user)


def package_download(request: HttpRequest, pk: int) -> FileResponse:
    report = permissions.get_audited_report(request.user, pk)
    return downloads.report_file(report, by=request.user, package=True)


@require_http_methods(["GET", "HEAD", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    # Found by its secret token, not through `permissions`: the invitation is how an auditor gets in.
    # The service checks that it is open and addressed to this user.
    grant = get_object_or_404(
        AuditorGrant.objects.select_related("organisation", "assessment__system", "granted_by"), token=token
    )
    if request.method != "POST":
        return render(request, "audits/accept.html", {"grant": grant})
    try:
        services.accept_grant(grant=grant, user=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("audits:accept", token=token)
    privileges_changed(request)  # the account may now be an auditor's, and reads what the grant covers
    messages.success(
        request,
        _("You accepted the access given by %(organisation)s. You can read what it covers below.")
        % {"organisation": grant.organisation.name},
    )
    return redirect("audits:grants")
