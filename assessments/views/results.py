"""Scores: the results page, its progress poll, re-scoring, and the public method page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions, scoring
from assessments.permissions import Action
from assessments.services import assessments as assessment_services
from assessments.services import benchmark, reports
from assessments.services import scoring as scoring_services
from assessments.services.results import gaps_mapped_to, result_view
from assessments.views.reports import ReportForm
from guideline_content import crosswalks


def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk)
    if assessment.answers_open:
        messages.info(request, _("Scores are computed when the assessment is submitted."))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    stored = scoring_services.current_result(assessment)
    view = result_view(assessment, stored) if stored else None
    framework = request.GET.get("framework", "")
    framework = framework if framework in crosswalks.FRAMEWORK_NAMES else ""
    return render(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "view": view,
            "benchmark": benchmark.sector_benchmark(assessment, view.dimensions) if view else None,
            "gaps": gaps_mapped_to(view.gaps, framework) if view else [],
            "gap_framework": framework,
            "frameworks": crosswalks.framework_choices(),
            "tier_reasons": assessment_services.tier_reasons(assessment),
            "can_rescore": permissions.can(assessment.my_role, Action.RESCORE),
            "can_report": permissions.can(assessment.my_role, Action.REPORT),
            "reports": reports.mark_superseded(list(assessment.reports.select_related("requested_by"))),
            "report_form": ReportForm(initial={"language": get_language()}),
            "method_version": scoring.METHOD_VERSION,
        },
    )


def results_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled while scoring runs: tells the page to reload once the result is there."""
    assessment = permissions.get_assessment(request.user, pk)
    if scoring_services.current_result(assessment) is None:
        return HttpResponse(status=204)
    return HttpResponse(status=200, headers={"HX-Refresh": "true"})


@require_POST
def rescore(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.RESCORE)
    if assessment.is_draft:
        messages.error(request, _("Only submitted assessments are scored."))
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    scoring_services.request_rescore(assessment=assessment, by=request.user)
    messages.success(
        request, _("Scoring again under method %(version)s.") % {"version": scoring.METHOD_VERSION}
    )
    return redirect("assessments:results", pk=assessment.pk)


@login_not_required
def scoring_method(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/scoring_method.html", scoring.method_rules())
