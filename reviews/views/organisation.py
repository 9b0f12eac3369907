"""The organisation's side of the review: send for review, resubmit, withdraw, reply to comments."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions
from assessments.permissions import Action
from assessments.services import ServiceError
from assessments.services import review as services
from reviews import selectors
from reviews.forms import ReplyForm
from reviews.views.common import attempt


def _detail(pk: int) -> HttpResponse:
    return redirect("assessments:assessment_detail", pk=pk)


def send_for_review(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the DPO will see, and a confirmation; POST: send it."""
    assessment = permissions.get_assessment(request.user, pk, Action.SEND)
    if request.method == "POST":
        done = _("Sent to the DPO for review. You will be told by e-mail what they decide.")
        attempt(request, services.send_for_review, done, assessment=assessment)
        return _detail(pk)
    return render(
        request,
        "reviews/send_for_review.html",
        {"assessment": assessment, **selectors.sending_preview(assessment)},
    )


@require_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.SEND)
    attempt(
        request,
        services.resubmit,
        _("Resubmitted: the answers are locked again and scored, and the DPO is told."),
        assessment=assessment,
    )
    return _detail(pk)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.SEND)
    attempt(
        request,
        services.withdraw,
        _("Withdrawn from review: the DPO no longer sees this assessment."),
        assessment=assessment,
    )
    return _detail(pk)


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = permissions.get_comment_to_reply(request.user, pk)
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Write the reply first."))
        services.reply(comment=comment, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Reply saved. The reviewer sees it with the comment."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(_place_of(comment))


def _place_of(comment) -> str:
    """Where the organisation reads a comment: next to its question, or with the assessment's."""
    if comment.question_id is None:
        return reverse("assessments:assessment_detail", args=[comment.assessment_id]) + "#review-comments"
    question = comment.question
    url = reverse("assessments:section", args=[comment.assessment_id, question.dimension.code])
    return f"{url}#q-{question.code}"
