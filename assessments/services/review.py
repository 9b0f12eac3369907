"""The review by the DPO: sending, taking, assigning, commenting, returning, resubmitting, deciding.

Every move is one conditional UPDATE on the states of `assessments.workflow.TRANSITIONS` (plus, for
a reviewer's moves, on who is assigned), so of two people acting at once exactly one succeeds; the
other gets a `ReviewRefused` that says what happened meanwhile, and nothing is changed. Who may try
a move at all is decided by `assessments.permissions`; these functions enforce the states.
"""

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import workflow
from assessments.models import Assessment, AssessmentResult, AuditEvent, Membership, ReviewComment
from assessments.services import ServiceError, reports, summary
from assessments.services import scoring as scoring_services
from assessments.services.audit import record_event
from assessments.services.questionnaire import load_questionnaire
from assessments.workflow import Move
from guideline_content.models import Question
from notifications.services import notify

MAX_TEXT = 10_000


class ReviewRefused(ServiceError):
    """A workflow move was refused; the message says why and nothing was changed."""


def _display(user: User | None) -> str:
    return (user.get_full_name() or user.email) if user else ""


def _clean_text(text: str, *, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewRefused(missing)
    if len(text) > MAX_TEXT:
        raise ReviewRefused(_("Text is limited to %(n)s characters.") % {"n": MAX_TEXT})
    return text


def _move(move: Move, assessment: Assessment, *, as_reviewer: User | None = None, **changes) -> None:
    """Apply `move` if the assessment is still in one of its source states (and, for a reviewer's move,
    still assigned to `as_reviewer`, or to nobody when it is being taken). Raises ReviewRefused otherwise."""
    transition = workflow.TRANSITIONS[move]
    rows = Assessment.objects.filter(pk=assessment.pk, status__in=transition.sources)
    if as_reviewer is not None:
        mine = Q(reviewer=as_reviewer)
        rows = rows.filter(mine | Q(reviewer__isnull=True) if move == Move.START_REVIEW else mine)
    moved = rows.update(status=transition.target, updated_at=timezone.now(), **changes)
    if moved != 1:
        raise ReviewRefused(_why_not(move, assessment.pk, as_reviewer))
    summary.sync_status(assessment.pk)


def _why_not(move: Move, pk: int, reviewer: User | None) -> str:
    """Explain a refused move from the assessment as it is now (someone may have just acted)."""
    now = Assessment.objects.select_related("reviewer").get(pk=pk)
    if not workflow.allowed(move, now.status):
        return workflow.refusal(move, now.status)
    if reviewer is not None and now.reviewer_id not in (None, reviewer.pk):
        return _("%(name)s is reviewing this assessment: only the assigned reviewer can do this.") % {
            "name": _display(now.reviewer)
        }
    if reviewer is not None and now.reviewer_id is None:
        return _("Take the assessment for review first.")
    return workflow.refusal(move, now.status)


def _refresh(assessment: Assessment) -> Assessment:
    assessment.refresh_from_db()
    return assessment


# ---------------------------------------------------------------- who is told


def dpo_reviewers():
    return User.objects.filter(kind__in=[User.Kind.REVIEWER, User.Kind.DPO_ADMIN], is_active=True)


def organisation_editors(assessment: Assessment):
    """Those who can act on a returned or decided assessment: its organisation's owners and editors."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation=assessment.organisation_id,
        memberships__role__in=[Membership.Role.OWNER, Membership.Role.EDITOR],
    )


def _review_path(assessment: Assessment) -> str:
    return reverse("reviews:review", args=[assessment.pk])


def _assessment_path(assessment: Assessment) -> str:
    return reverse("assessments:assessment_detail", args=[assessment.pk])


def _context(assessment: Assessment) -> dict:
    """Plain values for the e-mails (rendered later, in each recipient's language)."""
    return {
        "organisation": assessment.organisation.name,
        "system": assessment.system.name,
        "role_code": assessment.role.code,
        "round": assessment.review_round,
    }


# ---------------------------------------------------------------- the organisation's moves


def send_for_review(*, assessment: Assessment, by: User) -> Assessment:
    """Send a submitted assessment to the DPO (round 1, or a new round after a withdrawal)."""
    with transaction.atomic():
        _move(
            Move.SEND_FOR_REVIEW,
            assessment,
            review_round=F("review_round") + 1,
            sent_for_review_at=timezone.now(),
            reviewer=None,
        )
        assessment = _refresh(assessment)
        record_event(
            AuditEvent.Action.SENT_FOR_REVIEW, actor=by, assessment=assessment, round=assessment.review_round
        )
        notify(
            "review_sent", recipients=dpo_reviewers(), path=_review_path(assessment), **_context(assessment)
        )
    return assessment


def resubmit(*, assessment: Assessment, by: User) -> Assessment:
    """Send a returned assessment back to the queue as a new revision, which is scored again.

    Raises ServiceError if an applicable question is unanswered or lacks its "not applicable" reason.
    """
    if not load_questionnaire(assessment).can_submit:
        raise ReviewRefused(_("Some answers are still missing: complete them before resubmitting."))
    with transaction.atomic():
        _move(
            Move.RESUBMIT,
            assessment,
            review_round=F("review_round") + 1,
            revision=F("revision") + 1,  # even unchanged answers make a new revision: the round's record
            sent_for_review_at=timezone.now(),
        )
        assessment = _refresh(assessment)
        record_event(
            AuditEvent.Action.RESUBMITTED,
            actor=by,
            assessment=assessment,
            round=assessment.review_round,
            revision=assessment.revision,
        )
        scoring_services.enqueue_after_commit(assessment.pk)
        recipients = [assessment.reviewer] if assessment.reviewer else dpo_reviewers()
        notify(
            "review_resubmitted", recipients=recipients, path=_review_path(assessment), **_context(assessment)
        )
    return assessment


def withdraw(*, assessment: Assessment, by: User) -> Assessment:
    """Take an undecided assessment back from the DPO: it is submitted again, and the DPO no longer
    sees it (its comments are kept, for a later sending)."""
    with transaction.atomic():
        _move(Move.WITHDRAW, assessment, reviewer=None, sent_for_review_at=None)
        record_event(AuditEvent.Action.WITHDRAWN, actor=by, assessment=assessment)
        scoring_services.enqueue_after_commit(assessment.pk)  # answers edited since the return are locked
    return _refresh(assessment)


# ---------------------------------------------------------------- the reviewer's moves


def start_review(*, assessment: Assessment, by: User) -> Assessment:
    """Take an assessment from the queue (assigning it to `by` unless it is assigned to them)."""
    with transaction.atomic():
        _move(Move.START_REVIEW, assessment, as_reviewer=by, reviewer=by)
        record_event(
            AuditEvent.Action.REVIEW_STARTED, actor=by, assessment=assessment, round=assessment.review_round
        )
    return _refresh(assessment)


def assign_reviewer(*, assessment: Assessment, reviewer: User, by: User) -> Assessment:
    """(DPO administrators) Give an undecided assessment to a reviewer, who is told by e-mail."""
    if not reviewer.is_dpo_staff or not reviewer.is_active:
        raise ReviewRefused(_("Only DPO reviewers and administrators can be assigned."))
    with transaction.atomic():
        moved = Assessment.objects.filter(pk=assessment.pk, status__in=workflow.ASSIGNABLE).update(
            reviewer=reviewer, updated_at=timezone.now()
        )
        if moved != 1:
            now = Assessment.objects.get(pk=assessment.pk)
            raise ReviewRefused(
                _("It can no longer be assigned: it is “%(label)s”.") % {"label": now.get_status_display()}
            )
        assessment = _refresh(assessment)
        record_event(
            AuditEvent.Action.REVIEWER_ASSIGNED,
            actor=by,
            assessment=assessment,
            reviewer=reviewer.pk,
            reviewer_email=reviewer.email,
        )
        if reviewer.pk != by.pk:
            notify(
                "review_assigned",
                recipients=[reviewer],
                path=_review_path(assessment),
                assigned_by=_display(by),
                **_context(assessment),
            )
    return assessment


def _open_round_comments(assessment: Assessment):
    return ReviewComment.objects.filter(assessment=assessment, round=assessment.review_round, parent=None)


def request_changes(*, assessment: Assessment, by: User) -> Assessment:
    """Return the assessment to its organisation; needs at least one comment of this round."""
    if not _open_round_comments(assessment).exists():
        raise ReviewRefused(_("Write at least one comment first: it tells the organisation what to change."))
    with transaction.atomic():
        _move(Move.REQUEST_CHANGES, assessment, as_reviewer=by)
        assessment = _refresh(assessment)
        count = _open_round_comments(assessment).count()
        record_event(
            AuditEvent.Action.CHANGES_REQUESTED,
            actor=by,
            assessment=assessment,
            round=assessment.review_round,
            comments=count,
        )
        notify(
            "review_changes_requested",
            recipients=organisation_editors(assessment),
            path=_assessment_path(assessment),
            comments=count,
            **_context(assessment),
        )
    return assessment


def decide(*, assessment: Assessment, move: Move, reason: str, by: User) -> Assessment:
    """Approve or reject, with a written reason. Final: the report is rendered again with the decision
    (in every language), and earlier reports stay as they were.

    Raises ReviewRefused without a reason, before the current revision is scored, or when the
    assessment is not in review by `by`.
    """
    if move not in (Move.APPROVE, Move.REJECT):
        raise ValueError(move)
    reason = _clean_text(reason, missing=_("Write the reason for the decision: the organisation reads it."))
    result = scoring_services.current_result(assessment)
    if result is None:
        raise ReviewRefused(_("The scores of this revision are still being computed: decide once they show."))
    with transaction.atomic():
        _move(
            move, assessment, as_reviewer=by, decided_at=timezone.now(), decided_by=by, decision_reason=reason
        )
        assessment = _refresh(assessment)
        action = AuditEvent.Action.APPROVED if move == Move.APPROVE else AuditEvent.Action.REJECTED
        record_event(action, actor=by, assessment=assessment, round=assessment.review_round, reason=reason)
        _report_decision(assessment, result)
        notify(
            "review_decided",
            recipients=organisation_editors(assessment),
            path=_assessment_path(assessment),
            decision=assessment.status,
            reason=reason,
            **_context(assessment),
        )
    return assessment


def _report_decision(assessment: Assessment, result: AssessmentResult) -> None:
    result.assessment = assessment  # the report records the status it was made in: the decision
    for language in ("en", "zh-hant"):
        reports.request_report(result=result, language=language, by=None)


# ---------------------------------------------------------------- comments


def add_comment(*, assessment: Assessment, by: User, body: str, question_code: str = "") -> ReviewComment:
    """A reviewer's comment on the whole assessment, or on one of its questions, in the current round."""
    body = _clean_text(body, missing=_("Write the comment first."))
    question = None
    if question_code:
        question = Question.objects.filter(
            version=assessment.guideline_version_id, role=assessment.role_id, code=question_code
        ).first()
        if question is None:
            raise ReviewRefused(_("This question is not part of this assessment."))
    current = Assessment.objects.get(pk=assessment.pk)
    if current.status not in workflow.REVIEWER_COMMENTS or current.reviewer_id != by.pk:
        raise ReviewRefused(_("Comments are written by the assigned reviewer while the review is under way."))
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            assessment=assessment, question=question, round=current.review_round, author=by, body=body
        )
        record_event(
            AuditEvent.Action.COMMENTED,
            actor=by,
            assessment=assessment,
            comment=comment.pk,
            question=question_code,
        )
    return comment


def reply(*, comment: ReviewComment, by: User, body: str) -> ReviewComment:
    """The organisation answers a reviewer's comment while the assessment is back with it."""
    body = _clean_text(body, missing=_("Write the reply first."))
    assessment = Assessment.objects.get(pk=comment.assessment_id)
    if assessment.status not in workflow.ORGANISATION_REPLIES:
        raise ReviewRefused(_("Replies are written while the DPO has asked for changes."))
    root = comment.parent or comment
    with transaction.atomic():
        answer = ReviewComment.objects.create(
            assessment=assessment,
            question=root.question,
            parent=root,
            round=assessment.review_round,
            author=by,
            body=body,
        )
        record_event(AuditEvent.Action.COMMENT_REPLIED, actor=by, assessment=assessment, comment=root.pk)
    return answer


def set_resolved(*, comment: ReviewComment, resolved: bool, by: User) -> ReviewComment:
    """The assigned reviewer marks a comment resolved (or open again) until the decision."""
    assessment = Assessment.objects.get(pk=comment.assessment_id)
    if assessment.is_decided or assessment.reviewer_id != by.pk:
        raise ReviewRefused(_("Only the assigned reviewer marks comments, until the decision."))
    with transaction.atomic():
        changes = (
            {"resolved_at": timezone.now(), "resolved_by": by}
            if resolved
            else {"resolved_at": None, "resolved_by": None}
        )
        ReviewComment.objects.filter(pk=comment.pk, parent=None).update(**changes)
        action = AuditEvent.Action.COMMENT_RESOLVED if resolved else AuditEvent.Action.COMMENT_REOPENED
        record_event(action, actor=by, assessment=assessment, comment=comment.pk)
    comment.refresh_from_db()
    return comment
