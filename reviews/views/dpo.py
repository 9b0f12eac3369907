"""The DPO's pages: the review queue, the review screen, and the reviewer's actions on it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import downloads, permissions, workflow
from assessments.permissions import ReviewAction
from assessments.services import review as services
from assessments.workflow import Move
from portal import landing
from reviews import screen, selectors
from reviews.forms import AssignForm, CommentForm, DecisionForm, QueueFilterForm
from reviews.views.common import attempt

PAGE_SIZE = 25


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_review(request.user):
        raise Http404  # the DPO's pages do not exist for anyone else


def queue(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    staff = list(selectors.dpo_staff())
    form = QueueFilterForm(request.GET, staff=staff)
    filters = form.cleaned_data if form.is_valid() else {"status": "undecided"}
    rows = selectors.filter_queue(
        permissions.review_assessments_for(request.user), filters, user=request.user
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    can_assign = permissions.can_review(request.user, ReviewAction.ASSIGN)
    for assessment in page:
        assessment.days_waiting = selectors.days_waiting(assessment)
        assessment.can_take = selectors.may_take(assessment, request.user)
        assessment.can_assign = can_assign and assessment.status in workflow.ASSIGNABLE
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "staff": staff,
        },
        status=200 if form.is_valid() else 400,
    )


def review(request: HttpRequest, pk: int) -> HttpResponse:
    return render_review(request, permissions.get_review_assessment(request.user, pk))


def render_review(request: HttpRequest, assessment, *, grant_form=None, status: int = 200) -> HttpResponse:
    """The review screen; a refused form is shown again with what the user typed (`status` 400)."""
    context = screen.review_context(assessment, request.user)
    if grant_form is not None:
        context["grant_form"] = grant_form
    return render(request, "reviews/review.html", context, status=status)


def _back(assessment_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("reviews:review", args=[assessment_pk]) + anchor)


@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
    taken = attempt(
        request, services.start_review, _("You are reviewing this assessment."), assessment=assessment
    )
    return _back(pk) if taken or request.POST.get("next") != "queue" else redirect("reviews:queue")


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.ASSIGN)
    form = AssignForm(request.POST, staff=selectors.dpo_staff())
    if not form.is_valid():
        messages.error(request, _("Choose a DPO reviewer or administrator."))
    else:
        who = form.cleaned_data["reviewer"]
        attempt(
            request,
            services.assign_reviewer,
            _("Assigned to %(email)s.") % {"email": who.email},
            assessment=assessment,
            reviewer=who,
        )
    return redirect("reviews:queue") if request.POST.get("next") == "queue" else _back(pk)


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
    form = CommentForm(request.POST)
    code = request.POST.get("question", "")
    part = f"q-{code}" if code else "comments"
    if not form.is_valid():
        messages.error(request, _("Write the comment first."), extra_tags=landing.tag(part))
    else:
        attempt(
            request,
            services.add_comment,
            _("Comment saved."),
            part=part,
            assessment=assessment,
            body=form.cleaned_data["body"],
            question_code=form.cleaned_data["question"],
        )
    return _back(pk, f"#{part}")


@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    comment = permissions.get_review_comment(request.user, pk)
    resolved = request.POST.get("resolved") == "1"
    done = _("Marked resolved.") if resolved else _("Marked open again.")
    part = f"comment-{comment.pk}"
    attempt(request, services.set_resolved, done, part=part, comment=comment, resolved=resolved)
    return _back(comment.assessment_id, f"#{part}")


@require_POST
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
    attempt(
        request,
        services.request_changes,
        _("Returned to the organisation for changes."),
        assessment=assessment,
    )
    return _back(pk)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose approve or reject, and write the reason: the organisation reads it."),
            extra_tags=landing.tag("decision"),
        )
        return _back(pk, "#decision")
    move = Move.APPROVE if form.cleaned_data["decision"] == "approve" else Move.REJECT
    done = (
        _("Approved. The report is generated again with the decision.")
        if move == Move.APPROVE
        else _("Rejected. The report is generated again with the decision.")
    )
    attempt(
        request, services.decide, done, assessment=assessment, move=move, reason=form.cleaned_data["reason"]
    )
    return _back(pk)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.evidence_file(permissions.get_review_evidence(request.user, pk), by=request.user)


def report_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.report_file(permissions.get_review_report(request.user, pk), by=request.user)
