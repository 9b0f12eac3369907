"""Everything the review screen shows, read in a fixed number of queries."""

from django.urls import reverse

from accounts.models import User
from assessments import permissions, workflow
from assessments.models import Assessment
from assessments.permissions import ReviewAction
from assessments.services import assessments as assessment_services
from assessments.services import reports
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import attach_history, load_questionnaire
from assessments.services.results import result_view
from assessments.workflow import Actor
from audits.forms import DpoGrantForm
from reviews import selectors
from reviews.forms import AssignForm, CommentForm, DecisionForm


def question_scores(stored) -> dict[str, dict]:
    """Question code -> its scoring line (status, points, possible), from the stored result."""
    if stored is None:
        return {}
    return {q["code"]: q for ob in stored.detail["obligations"] for q in ob["questions"]}


def record_context(assessment: Assessment) -> dict:
    """The whole record of an assessment, read-only: what a reviewer weighs and an auditor reads."""
    stored = scoring_services.current_result(assessment)
    questionnaire = load_questionnaire(assessment)
    # every change of every answer, in one query (a reviewer and an auditor read the whole history)
    attach_history([item for item in questionnaire.items if item.answer], limit=None)
    return {
        "assessment": assessment,
        "questionnaire": questionnaire,
        "triage": selectors.triage_lines(assessment),
        "tier_reasons": assessment_services.tier_reasons(assessment) if assessment.triage_done else [],
        "view": result_view(assessment, stored) if stored else None,
        "scores": question_scores(stored),
        "discussion": selectors.discussion_of(assessment),
        "reports": reports.mark_superseded(list(assessment.reports.filter(status="ready").order_by("-pk"))),
        "events": assessment.events.select_related("actor")[:100],
        "days_waiting": selectors.days_waiting(assessment),
    }


def audit_context(assessment: Assessment) -> dict:
    """The record as an auditor reads it: nothing to act on, downloads through the auditor's pages."""
    return {
        **record_context(assessment),
        "audience": "auditor",
        "evidence_url": "audits:evidence_download",
        "report_url": "audits:report_download",
        "package_url": "audits:package_download",
    }


def reviewer_actions(assessment: Assessment, user: User) -> dict[str, bool]:
    """What the review screen (and the API) offers `user` now; the services decide for real."""
    is_mine, assignable = assessment.reviewer_id == user.pk, assessment.status in workflow.ASSIGNABLE
    moves = workflow.moves_from(assessment.status, Actor.REVIEWER) if is_mine else []
    return {
        "take": permissions.can_review(user, ReviewAction.REVIEW) and selectors.may_take(assessment, user),
        "comment": is_mine and assessment.status in workflow.REVIEWER_COMMENTS,
        "request_changes": workflow.Move.REQUEST_CHANGES in moves,
        "decide": workflow.Move.APPROVE in moves,
        "mark": is_mine and not assessment.is_decided,
        "assign": assignable and permissions.can_review(user, ReviewAction.ASSIGN),
        # auditors' access the DPO gave to this assessment (DPO administrators give and revoke it)
        "grant": permissions.can_review(user, ReviewAction.GRANT),
    }


def review_context(assessment: Assessment, user: User) -> dict:
    staff = selectors.dpo_staff()
    actions = reviewer_actions(assessment, user)
    return {
        **record_context(assessment),
        "audience": "dpo",
        "evidence_url": "reviews:evidence_download",
        "report_url": "reviews:report_download",
        "can_take": actions["take"],
        "can_comment": actions["comment"],
        "can_decide": actions["decide"],
        "can_mark": actions["mark"],
        "can_assign": actions["assign"],
        "can_grant": actions["grant"],
        "assign_form": AssignForm(staff=staff, initial={"reviewer": assessment.reviewer_id}),
        "comment_form": CommentForm(),
        "grants": list(assessment.auditor_grants.filter(by_dpo=True).select_related("auditor")),
        "grant_form": DpoGrantForm(),
        "grant_action": reverse("audits:dpo_grant", args=[assessment.pk]),
        "decision_form": DecisionForm(),
    }
