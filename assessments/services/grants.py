"""Auditors' read-only access: given by e-mail, accepted once, revoked at any time."""

from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import tasks, workflow
from assessments.models import Assessment, AuditEvent, AuditorGrant, Organisation
from assessments.services import ServiceError, enqueue
from assessments.services.audit import record_event
from notifications.services import notify
from portal.base_url import portal_base_url


def _scope(grant: AuditorGrant) -> dict:
    return {
        "grant": grant.pk,
        "email": grant.email,
        "scope": "assessment" if grant.assessment_id else "organisation",
        "until": grant.until.isoformat() if grant.until else None,
    }


def _refuse_unless_grantable(
    organisation: Organisation, email: str, assessment: Assessment | None, until: date | None, by_dpo: bool
) -> User | None:
    """The existing account of `email`, if any, once every rule allows the grant; ServiceError if not."""
    if until is not None and until < timezone.localdate():
        raise ServiceError(_("The last day of access cannot be in the past."))
    if assessment is not None and assessment.organisation_id != organisation.pk:
        raise ServiceError(_("That assessment belongs to another organisation."))
    if assessment is not None and assessment.is_draft:
        raise ServiceError(_("A draft cannot be audited: submit it first."))
    if by_dpo and (assessment is None or assessment.status not in workflow.SENT_TO_DPO):
        raise ServiceError(_("The DPO can give access only to an assessment sent to it."))
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ServiceError(
            _("%(email)s is a member of this organisation and sees its assessments already.")
            % {"email": email}
        )
    account = User.objects.filter(email__iexact=email).first()
    if account is not None and account.kind in (User.Kind.REVIEWER, User.Kind.DPO_ADMIN):
        raise ServiceError(_("%(email)s is DPO staff, who cannot also be an auditor.") % {"email": email})
    same = AuditorGrant.objects.filter(
        organisation=organisation, assessment=assessment, email__iexact=email, revoked_at__isnull=True
    )
    if any(grant.is_active for grant in same):
        raise ServiceError(
            _("%(email)s already has this access. Revoke it first to give it with another date.")
            % {"email": email}
        )
    return account


def grant_access(
    *,
    organisation: Organisation,
    email: str,
    by: User,
    assessment: Assessment | None = None,
    until: date | None = None,
    by_dpo: bool = False,
) -> AuditorGrant:
    """Give `email` read-only access to `assessment` (or to all of the organisation's submitted
    assessments). An auditor account of that address has it at once and is told; anyone else is
    e-mailed an invitation to accept it, signing up first if need be."""
    email = email.strip().lower()
    account = _refuse_unless_grantable(organisation, email, assessment, until, by_dpo)
    auditor = account if account is not None and account.kind == User.Kind.AUDITOR else None
    with transaction.atomic():
        grant = AuditorGrant.objects.create(
            organisation=organisation,
            assessment=assessment,
            email=email,
            until=until,
            by_dpo=by_dpo,
            granted_by=by,
            auditor=auditor,
            accepted_at=timezone.now() if auditor else None,
        )
        record_event(
            AuditEvent.Action.AUDITOR_GRANTED, actor=by, organisation=organisation, assessment=assessment,
            **_scope(grant),
        )  # fmt: skip
        if auditor is not None:
            notify(
                "auditor_granted", recipients=[auditor], path=reverse("audits:grants"),
                organisation=organisation.name, system=assessment.system.name if assessment else "",
                until=grant.until.isoformat() if grant.until else "",
            )  # fmt: skip
        else:
            # never fails the owner's request: with the broker down, the sweep sends it once it is back
            transaction.on_commit(lambda: enqueue(tasks.send_auditor_invitation, grant.pk), robust=True)
    return grant


def accept_grant(*, grant: AuditorGrant, user: User) -> AuditorGrant:
    """Link an invitation to the account of the address it was sent to; the account becomes an auditor
    account (which must use two-factor authentication from then on)."""
    if grant.email.lower() != (user.email or "").lower():
        raise ServiceError(
            _("This access was given to %(email)s. Log in with that address to accept it.")
            % {"email": grant.email}
        )
    if user.kind in (User.Kind.REVIEWER, User.Kind.DPO_ADMIN):
        raise ServiceError(_("DPO staff cannot also be auditors."))
    if not grant.is_active or grant.auditor_id not in (None, user.pk):
        raise ServiceError(_("This access has been revoked or has ended."))
    if grant.auditor_id == user.pk:
        return grant  # accepted already (a second click, another tab)
    if grant.organisation.memberships.filter(user=user).exists():
        raise ServiceError(_("You are a member of this organisation and see its assessments already."))
    with transaction.atomic():
        taken = AuditorGrant.objects.filter(
            pk=grant.pk, auditor__isnull=True, revoked_at__isnull=True
        ).update(auditor=user, accepted_at=timezone.now())
        if taken != 1:
            raise ServiceError(_("This access has been revoked or has ended."))
        if user.kind != User.Kind.AUDITOR:
            User.objects.filter(pk=user.pk).update(kind=User.Kind.AUDITOR)
            user.kind = User.Kind.AUDITOR
        record_event(
            AuditEvent.Action.AUDITOR_ACCEPTED, actor=user, organisation=grant.organisation,
            assessment=grant.assessment, **_scope(grant),
        )  # fmt: skip
    grant.refresh_from_db()
    return grant


def revoke_grant(*, grant: AuditorGrant, by: User) -> AuditorGrant:
    """End the access now: the auditor's next request no longer sees what it covered."""
    with transaction.atomic():
        done = AuditorGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        if done != 1:
            raise ServiceError(_("This access was revoked already."))
        record_event(
            AuditEvent.Action.AUDITOR_REVOKED, actor=by, organisation=grant.organisation,
            assessment=grant.assessment, **_scope(grant),
        )  # fmt: skip
        if grant.auditor_id:
            notify(
                "auditor_revoked", recipients=[grant.auditor], path=reverse("audits:grants"),
                organisation=grant.organisation.name,
                system=grant.assessment.system.name if grant.assessment_id else "",
            )  # fmt: skip
    grant.refresh_from_db()
    return grant


def send_invitation_email(*, grant_id: int) -> None:
    """E-mail the link to accept a grant (run by a worker); nothing if it was accepted or revoked since."""
    grant = (
        AuditorGrant.objects.select_related("organisation", "assessment__system", "granted_by")
        .filter(pk=grant_id, auditor__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if grant is None:
        return
    context = {
        "grant": grant,
        "accept_url": portal_base_url() + reverse("audits:accept", args=[grant.token]),
    }
    send_mail(
        subject=" ".join(render_to_string("audits/email/invitation_subject.txt", context).split()),
        message=render_to_string("audits/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[grant.email],
    )
    AuditorGrant.objects.filter(pk=grant.pk, invitation_sent_at__isnull=True).update(
        invitation_sent_at=timezone.now()
    )
