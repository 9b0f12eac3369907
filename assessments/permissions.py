"""Who may see and do what: the only place that scopes organisation data to a user.

Views and the API fetch organisation data through these helpers only. Another organisation's
objects are 404 (their existence is not revealed); a member without the right is 403.
"""

from enum import StrEnum

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import User
from assessments.models import AISystem, Assessment, Evidence, Membership, Organisation, Report

Role = Membership.Role


class Action(StrEnum):
    VIEW = "view"  # read anything of the organisation
    EDIT = "edit"  # register systems, start assessments, triage, answer, upload evidence
    SUBMIT = "submit"  # submit an assessment
    MANAGE = "manage"  # organisation details and members
    RESCORE = "rescore"  # ask for a submitted assessment to be scored again
    REPORT = "report"  # have a report generated (anyone who can read may download it)


# role -> actions; editing and submitting also need a draft assessment (see `can`).
ROLE_ACTIONS: dict[str, set[Action]] = {
    Role.OWNER: {Action.VIEW, Action.EDIT, Action.SUBMIT, Action.MANAGE, Action.RESCORE, Action.REPORT},
    Role.EDITOR: {Action.VIEW, Action.EDIT, Action.REPORT},
    Role.VIEWER: {Action.VIEW},
}
DRAFT_ONLY = {Action.EDIT, Action.SUBMIT}


def can(role: str | None, action: Action, assessment: Assessment | None = None) -> bool:
    """Whether a member with `role` may do `action`, on `assessment` when one is concerned."""
    if role is None or action not in ROLE_ACTIONS.get(role, set()):
        return False
    if assessment is not None and action in DRAFT_ONLY:
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


def get_organisation(user: User, pk: int, action: Action = Action.VIEW) -> Organisation:
    return _checked(get_object_or_404(organisations_for(user), pk=pk), action)


def get_system(user: User, pk: int, action: Action = Action.VIEW) -> AISystem:
    return _checked(get_object_or_404(systems_for(user), pk=pk), action)


def get_assessment(user: User, pk: int, action: Action = Action.VIEW) -> Assessment:
    """The assessment if the user may do `action` on it. Raises Http404 for outsiders, PermissionDenied
    for members without the right (or for edits of a submitted assessment)."""
    assessment = get_object_or_404(assessments_for(user), pk=pk)
    return _checked(assessment, action, assessment)


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
