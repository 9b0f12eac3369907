"""Who may see and do what: the only place that scopes organisation data to a user.

Views and the API fetch organisation data through these helpers only. Another organisation's
objects are 404 (their existence is not revealed); a member without the right is 403.
"""

from enum import StrEnum

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from assessments import workflow
from assessments.models import (
    AISystem,
    Assessment,
    AuditorGrant,
    Evidence,
    Membership,
    Organisation,
    Report,
    ReviewComment,
    ScoreLine,
)

Role = Membership.Role


class Action(StrEnum):
    VIEW = "view"  # read anything of the organisation
    EDIT = "edit"  # register systems, start assessments, triage, answer, upload evidence
    SUBMIT = "submit"  # submit an assessment
    MANAGE = "manage"  # organisation details and members
    RESCORE = "rescore"  # ask for a submitted assessment to be scored again
    REPORT = "report"  # have a report generated (anyone who can read may download it)
    # The review by the DPO (the states each move needs are in assessments/workflow.py)
    SEND = "send"  # send for review, resubmit after changes, withdraw from review
    REPLY = "reply"  # reply to the DPO reviewer's comments


# role -> actions; editing needs open answers and submitting a draft (see `can`).
ROLE_ACTIONS: dict[str, set[Action]] = {
    Role.OWNER: {
        Action.VIEW,
        Action.EDIT,
        Action.SUBMIT,
        Action.MANAGE,
        Action.RESCORE,
        Action.REPORT,
        Action.SEND,
        Action.REPLY,
    },  # fmt: skip
    Role.EDITOR: {Action.VIEW, Action.EDIT, Action.REPORT, Action.REPLY},
    Role.VIEWER: {Action.VIEW},
}


def can(role: str | None, action: Action, assessment: Assessment | None = None) -> bool:
    """Whether a member with `role` may do `action`, on `assessment` when one is concerned."""
    if role is None or action not in ROLE_ACTIONS.get(role, set()):
        return False
    if assessment is not None and action == Action.EDIT:
        return assessment.answers_open  # a draft, or returned by the DPO for changes
    if assessment is not None and action == Action.SUBMIT:
        return assessment.is_draft
    return True


def _my_role(user: User, organisation_field: str) -> Subquery:
    return Subquery(
        Membership.objects.filter(organisation=OuterRef(organisation_field), user=user).values("role")[:1]
    )


def organisations_for(user: User) -> QuerySet[Organisation]:
    """The user's organisations, each annotated with `my_role`."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).annotate(my_role=_my_role(user, "pk"))


def systems_for(user: User) -> QuerySet[AISystem]:
    if not user.is_authenticated:
        return AISystem.objects.none()
    return (
        AISystem.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .annotate(my_role=_my_role(user, "organisation"))
    )


def assessments_for(user: User) -> QuerySet[Assessment]:
    if not user.is_authenticated:
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "system", "guideline_version", "role", "tier")
        .annotate(my_role=_my_role(user, "organisation"))
    )


def _checked(obj, action: Action, assessment: Assessment | None = None):
    if not can(obj.my_role, action, assessment):
        raise PermissionDenied
    return obj


def require(assessment: Assessment, action: Action) -> Assessment:
    """An assessment fetched through `get_assessment`, checked again for a further `action`."""
    return _checked(assessment, action, assessment)


def get_organisation(user: User, pk: int, action: Action = Action.VIEW) -> Organisation:
    return _checked(get_object_or_404(organisations_for(user), pk=pk), action)


def get_system(user: User, pk: int, action: Action = Action.VIEW) -> AISystem:
    return _checked(get_object_or_404(systems_for(user), pk=pk), action)


def get_assessment(user: User, pk: int, action: Action = Action.VIEW) -> Assessment:
    """The assessment if the user may do `action` on it. Raises Http404 for outsiders, PermissionDenied
    for members without the right (or for edits of a submitted assessment)."""
    assessment = get_object_or_404(assessments_for(user), pk=pk)
    return _checked(assessment, action, assessment)


def may_submit_but_already_did(assessment: Assessment) -> bool:
    """A member who may submit, asking to submit what has been submitted since (told, not refused)."""
    return (
        can(assessment.my_role, Action.SUBMIT)
        and not assessment.is_draft
        and assessment.submitted_at is not None
    )


def get_evidence(user: User, pk: int) -> Evidence:
    """An evidence file the user may read (any member of its organisation)."""
    return get_object_or_404(
        Evidence.objects.select_related("answer__assessment").filter(
            answer__assessment__organisation__memberships__user=user
        ),
        pk=pk,
    )


def get_report(user: User, pk: int, action: Action = Action.VIEW) -> Report:
    """A report, if the user may do `action` on its assessment (404 for other organisations' reports)."""
    report = get_object_or_404(Report, pk=pk)
    report.assessment = get_assessment(user, report.assessment_id, action)
    return report


# ---------------------------------------------------------------- DPO review (issue 8)
# DPO staff see only what organisations have sent them (workflow.SENT_TO_DPO): never a draft, an
# assessment kept internal, or a withdrawn one, and nothing else of the same organisation.


class ReviewAction(StrEnum):
    READ = "read"  # the queue, the review screen, its evidence and reports
    REVIEW = "review"  # take, comment, mark comments, request changes, decide (services check assignment)
    ASSIGN = "assign"  # give an assessment to a colleague
    GRANT = "grant"  # give an auditor access to an assessment sent to the DPO, and revoke it


REVIEW_KIND_ACTIONS: dict[str, set[ReviewAction]] = {
    User.Kind.REVIEWER: {ReviewAction.READ, ReviewAction.REVIEW},
    User.Kind.DPO_ADMIN: {ReviewAction.READ, ReviewAction.REVIEW, ReviewAction.ASSIGN, ReviewAction.GRANT},
}


def can_review(user: User, action: ReviewAction = ReviewAction.READ) -> bool:
    return user.is_authenticated and action in REVIEW_KIND_ACTIONS.get(user.kind, set())


def review_assessments_for(user: User) -> QuerySet[Assessment]:
    """The assessments sent to the DPO, for DPO staff; nothing for anyone else."""
    if not can_review(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(status__in=workflow.SENT_TO_DPO).select_related(
        "organisation", "system", "guideline_version", "role", "tier", "reviewer"
    )


def can_see_dashboard(user: User) -> bool:
    """The DPO dashboard and the exports: every reviewer and DPO administrator."""
    return can_review(user, ReviewAction.READ)


def review_score_lines_for(user: User) -> QuerySet[ScoreLine]:
    """The score lines of assessments sent to the DPO (the dashboard's figures), for DPO staff only."""
    if not can_review(user):
        return ScoreLine.objects.none()
    return ScoreLine.objects.filter(status__in=workflow.SENT_TO_DPO)


# A sector benchmark is shown only when this many different organisations contribute to it.
MIN_PEER_ORGANISATIONS = 5


def peer_score_lines(assessment: Assessment) -> QuerySet[ScoreLine]:
    """The dimension scores an organisation's assessment may be compared with: those of assessments
    the DPO approved, of the same role and guideline version, whose systems are in the same sector.
    Only their medians may be shown, and only where MIN_PEER_ORGANISATIONS organisations contribute,
    so that no figure is one organisation's."""
    return ScoreLine.objects.filter(
        kind=ScoreLine.Kind.DIMENSION,
        status=Assessment.Status.APPROVED,
        guideline_version_id=assessment.guideline_version_id,
        role_id=assessment.role_id,
        sector=assessment.system.sector,
    )


def get_review_assessment(user: User, pk: int, action: ReviewAction = ReviewAction.READ) -> Assessment:
    """An assessment sent to the DPO. Http404 for anyone not DPO staff and for anything not sent;
    PermissionDenied for staff without the right (a reviewer assigning a colleague)."""
    assessment = get_object_or_404(review_assessments_for(user), pk=pk)
    if not can_review(user, action):
        raise PermissionDenied
    return assessment


def _evidence_in(assessments: QuerySet[Assessment], pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("answer__assessment__organisation").filter(
            answer__assessment__in=assessments
        ),
        pk=pk,
    )


def _report_in(assessments: QuerySet[Assessment], pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("assessment__organisation").filter(assessment__in=assessments), pk=pk
    )


def get_review_evidence(user: User, pk: int) -> Evidence:
    """An evidence file of an assessment sent to the DPO, for DPO staff."""
    return _evidence_in(review_assessments_for(user), pk)


def get_review_report(user: User, pk: int) -> Report:
    """A report of an assessment sent to the DPO, for DPO staff."""
    return _report_in(review_assessments_for(user), pk)


def get_review_comment(user: User, pk: int, action: ReviewAction = ReviewAction.REVIEW) -> ReviewComment:
    """A comment on an assessment sent to the DPO, for DPO staff with the right to `action`."""
    comment = get_object_or_404(
        ReviewComment.objects.filter(assessment__in=review_assessments_for(user)).select_related(
            "assessment"
        ),
        pk=pk,
    )
    if not can_review(user, action):
        raise PermissionDenied
    return comment


def get_comment_to_reply(user: User, pk: int) -> ReviewComment:
    """A comment on one of the user's organisation's assessments, if the user may reply to it."""
    comment = get_object_or_404(ReviewComment.objects.filter(assessment__in=assessments_for(user)), pk=pk)
    comment.assessment = get_assessment(user, comment.assessment_id, Action.REPLY)
    return comment


# ---------------------------------------------------------------- auditors
# An auditor reads, never changes, what an active grant covers: one assessment, or every submitted
# assessment of one organisation. Never a draft. A grant given by the DPO covers its assessment only
# while the organisation keeps it sent to the DPO. Revoked or past its last day, a grant covers nothing,
# from the next request on. Only auditor accounts (which must use TOTP) hold grants.


def active_grants(user: User) -> QuerySet[AuditorGrant]:
    if not user.is_authenticated or user.kind != User.Kind.AUDITOR:
        return AuditorGrant.objects.none()
    return AuditorGrant.objects.filter(auditor=user, revoked_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=timezone.localdate())
    )


def audited_assessments_for(user: User) -> QuerySet[Assessment]:
    if not user.is_authenticated or user.kind != User.Kind.AUDITOR:
        return Assessment.objects.none()
    grants = active_grants(user)
    this_one = grants.filter(assessment=OuterRef("pk")).filter(
        Q(by_dpo=False) | Q(assessment__status__in=workflow.SENT_TO_DPO)
    )
    whole_organisation = grants.filter(assessment__isnull=True, organisation=OuterRef("organisation"))
    return (
        Assessment.objects.exclude(status=Assessment.Status.DRAFT)
        .filter(Exists(this_one) | Exists(whole_organisation))
        .select_related("organisation", "system", "guideline_version", "role", "tier", "reviewer")
    )


def get_audited_assessment(user: User, pk: int) -> Assessment:
    """An assessment an active grant lets the user read (Http404 for anything else)."""
    return get_object_or_404(audited_assessments_for(user), pk=pk)


def get_audited_evidence(user: User, pk: int) -> Evidence:
    return _evidence_in(audited_assessments_for(user), pk)


def get_audited_report(user: User, pk: int) -> Report:
    return _report_in(audited_assessments_for(user), pk)


def get_grant_to_revoke(user: User, pk: int) -> AuditorGrant:
    """A grant the user may revoke: any grant of an organisation they own, or (DPO administrators) a grant
    the DPO gave on an assessment sent to it. Http404 for grants they may not know of, PermissionDenied
    for members of the organisation who are not owners."""
    if not user.is_authenticated:
        raise Http404
    grant = get_object_or_404(
        AuditorGrant.objects.select_related("organisation", "assessment__system", "auditor").annotate(
            my_role=_my_role(user, "organisation")
        ),
        pk=pk,
    )
    if grant.my_role is not None:  # a member of the grant's organisation: owners only
        return _checked(grant, Action.MANAGE)
    if (
        grant.by_dpo
        and can_review(user, ReviewAction.GRANT)
        and review_assessments_for(user).filter(pk=grant.assessment_id).exists()
    ):
        return grant
    raise Http404


# ---------------------------------------------------------------- API tokens


def may_create_api_token(user: User) -> bool:
    """Anyone but an organisation member (staff, reviewers, auditors) needs TOTP before an API token:
    a token skips the second factor of every later log-in."""
    if user.kind == User.Kind.MEMBER and not user.is_staff:
        return True
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def get_api_token(user: User, pk: int):
    """One of the user's own API tokens (anyone else's is 404)."""
    return get_object_or_404(user.api_tokens.all(), pk=pk)
