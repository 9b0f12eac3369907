"""The assessment flow: dashboard, start, overview, triage, review, submit and copy."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions
from assessments.forms.questionnaire import CopyForm, StartAssessmentForm, TriageForm
from assessments.permissions import Action
from assessments.services import ServiceError
from assessments.services import assessments as services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import load_questionnaire, progress_for
from guideline_content.models import GuidelineVersion, Role
from guideline_content.published import version_content
from reviews import selectors as review_selectors

DASHBOARD_PAGE_SIZE = 25


def dashboard(request: HttpRequest) -> HttpResponse:
    assessments = permissions.assessments_for(request.user).order_by("system__name", "-created_at", "-pk")
    page = Paginator(assessments, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/dashboard.html",
        {
            "organisations": permissions.organisations_for(request.user),
            "systems": permissions.systems_for(request.user),
            "assessments": page,
            "page": page,
            "progress": progress_for(list(page)),
            "waiting": review_selectors.waiting_for(request.user),
        },
    )


@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    system = permissions.get_system(request.user, pk, Action.EDIT)
    # New assessments use the newest questionnaire revision of the edition chosen.
    versions = GuidelineVersion.objects.newest_revisions()
    roles = Role.objects.filter(version=versions[0]) if versions else Role.objects.none()
    form = StartAssessmentForm(request.POST, roles=roles, versions=versions)
    try:
        if not form.is_valid():
            raise ServiceError(_("Choose the role and the guideline version of the assessment."))
        version = next(v for v in versions if v.code == form.cleaned_data["version"])
        assessment = services.start_assessment(
            system=system, role_code=form.cleaned_data["role"], version=version, by=request.user
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:system_detail", pk=system.pk)
    return redirect("assessments:triage", pk=assessment.pk)


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk)
    newer = GuidelineVersion.objects.newer_than(assessment.guideline_version)
    can_edit = permissions.can(assessment.my_role, Action.EDIT, assessment)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "questionnaire": load_questionnaire(assessment),
            "tier_reasons": services.tier_reasons(assessment) if assessment.triage_done else [],
            "can_edit": can_edit,
            "can_submit": permissions.can(assessment.my_role, Action.SUBMIT, assessment),
            "copy_form": CopyForm(initial={"version": newer.code} if newer else None),
            "newer_version": newer,
            "can_copy": can_edit or not assessment.is_draft,
            "events": assessment.events.select_related("actor")[:20],
        },
    )


def triage(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(
        request.user, pk, Action.EDIT if request.method == "POST" else Action.VIEW
    )
    questions = version_content(assessment.guideline_version).triage_questions
    form = TriageForm(
        request.POST or None, questions=questions, initial_facts=services.triage_prefill(assessment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_triage(assessment=assessment, answers=form.facts(), by=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Triage saved: the risk tier and the questions that apply are updated.")
            )
            return redirect("assessments:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "assessments/triage.html",
        {
            "assessment": assessment,
            "form": form,
            "can_edit": permissions.can(assessment.my_role, Action.EDIT, assessment),
        },
    )


def review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk)
    return render(
        request,
        "assessments/review.html",
        {
            "assessment": assessment,
            "questionnaire": load_questionnaire(assessment),
            "can_submit": permissions.can(assessment.my_role, Action.SUBMIT, assessment),
        },
    )


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk)
    if permissions.may_submit_but_already_did(assessment):  # a second click, another tab, a colleague
        messages.info(
            request,
            _("This assessment was already submitted on %(when)s; nothing was changed.")
            % {"when": date_format(timezone.localtime(assessment.submitted_at), "DATETIME_FORMAT")},
        )
        return redirect("assessments:assessment_detail", pk=assessment.pk)
    permissions.require(assessment, Action.SUBMIT)  # refuses those who may not submit
    try:
        services.submit_assessment(assessment=assessment, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:review", pk=assessment.pk)
    # Without a worker, scoring ran before this line; with one it is still running: say which.
    if scoring_services.current_result(assessment) is not None:
        messages.success(request, _("Submitted. The answers are now locked, and the scores are ready."))
    else:
        messages.success(
            request,
            _("Submitted. The answers are now locked; the scores appear on the results page shortly."),
        )
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = permissions.get_assessment(request.user, pk)
    permissions.get_system(request.user, source.system_id, Action.EDIT)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a published guideline version."))
        return redirect("assessments:assessment_detail", pk=source.pk)
    try:
        new = services.copy_assessment(source=source, version=form.cleaned_data["version"], by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:assessment_detail", pk=source.pk)
    messages.success(
        request,
        _(
            "A new draft was started from this assessment. Answers marked “check again” "
            "belong to questions that changed."
        ),
    )
    return redirect("assessments:assessment_detail", pk=new.pk)
