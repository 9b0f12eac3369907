"""Organisations, their members and invitations, and the AI systems register."""

from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import tasks
from assessments.models import AISystem, AuditorGrant, Invitation, Membership, Organisation
from assessments.services import ServiceError, enqueue, summary
from portal.base_url import portal_base_url


def create_organisation(*, by: User, **details) -> Organisation:
    """Create an organisation with `by` as its first owner."""
    with transaction.atomic():
        organisation = Organisation.objects.create(**details)
        Membership.objects.create(organisation=organisation, user=by, role=Membership.Role.OWNER)
    return organisation


def update_organisation(*, organisation: Organisation, **details) -> Organisation:
    for name, value in details.items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation


def invite_member(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    """Invite someone by e-mail; the e-mail goes out after the transaction commits.

    Raises ServiceError when that address is already a member or has an open invitation.
    """
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ServiceError(_("%(email)s is already a member.") % {"email": email})
    open_invitations = organisation.invitations.filter(
        email__iexact=email, accepted_at=None, expires_at__gt=timezone.now()
    )
    if open_invitations.exists():
        raise ServiceError(_("%(email)s has already been invited.") % {"email": email})
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=by)
    # Never fails the owner's request: with the broker down, the sweep sends it once it is back.
    transaction.on_commit(lambda: enqueue(tasks.send_invitation, invitation.pk), robust=True)
    return invitation


def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Make the invited user a member. The invitation must be open and addressed to the user's e-mail."""
    if not invitation.is_open:
        raise ServiceError(_("This invitation has expired or has already been used."))
    if invitation.email.lower() != (user.email or "").lower():
        raise ServiceError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        taken = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
            accepted_at=timezone.now(), accepted_by=user
        )
        if taken != 1:  # accepted meanwhile, in another tab
            raise ServiceError(_("This invitation has expired or has already been used."))
        membership, _created = Membership.objects.get_or_create(
            organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
        )
    return membership


def _other_owners(membership: Membership):
    return Membership.objects.filter(
        organisation=membership.organisation_id, role=Membership.Role.OWNER
    ).exclude(pk=membership.pk)


def change_member_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Change a member's role. Raises ServiceError if that would leave the organisation without an owner."""
    with transaction.atomic():
        # Lock the organisation's owners and this member, and decide on the locked rows, so two owners
        # demoting each other at once cannot both succeed.
        locked = {
            m.pk: m
            for m in Membership.objects.select_for_update().filter(
                Q(pk=membership.pk) | Q(organisation=membership.organisation_id, role=Membership.Role.OWNER)
            )
        }
        current = locked.get(membership.pk)
        if current is None:
            raise ServiceError(_("This person is no longer a member."))
        owners = [m for m in locked.values() if m.role == Membership.Role.OWNER]
        if current.role == Membership.Role.OWNER and role != Membership.Role.OWNER and len(owners) <= 1:
            raise ServiceError(_("An organisation always keeps an owner: make someone else an owner first."))
        current.role = role
        current.save(update_fields=["role", "updated_at"])
    membership.role = role
    return current


def remove_member(*, membership: Membership, by: User) -> None:
    """Remove a member. Raises ServiceError for the last owner."""
    with transaction.atomic():
        list(
            Membership.objects.select_for_update().filter(
                Q(pk=membership.pk) | Q(organisation=membership.organisation_id, role=Membership.Role.OWNER)
            )
        )
        if membership.role == Membership.Role.OWNER and not _other_owners(membership).exists():
            raise ServiceError(_("An organisation always keeps an owner: make someone else an owner first."))
        membership.delete()


def save_system(*, organisation: Organisation, system: AISystem | None = None, **details) -> AISystem:
    """Register a new AI system for the organisation, or update `system`."""
    system = system or AISystem(organisation=organisation)
    for name, value in details.items():
        setattr(system, name, value)
    system.save()
    summary.sync_sector(system)
    return system


def send_invitation_email(*, invitation_id: int) -> None:
    """E-mail the invitation link (run by a worker). Does nothing if the invitation was used or withdrawn."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_open:
        return
    context = {
        "invitation": invitation,
        "accept_url": portal_base_url() + reverse("assessments:accept_invitation", args=[invitation.token]),
    }
    send_mail(
        subject=render_to_string("assessments/email/invitation_subject.txt", context).strip(),
        message=render_to_string("assessments/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())


# Unsent for longer than this, an invitation's task is taken to be lost (broker down, or emptied).
UNSENT_AFTER = timedelta(minutes=5)


def sweep_unsent_invitations() -> int:
    """Queue again the e-mail of every open invitation, to a colleague or to an auditor, that was never
    sent (what beat runs every five minutes). Returns how many."""
    cutoff = timezone.now() - UNSENT_AFTER
    invitations = Invitation.objects.filter(
        sent_at__isnull=True, accepted_at__isnull=True, expires_at__gt=timezone.now(), created_at__lt=cutoff
    ).values_list("pk", flat=True)
    grants = AuditorGrant.objects.filter(
        invitation_sent_at__isnull=True, auditor__isnull=True, revoked_at__isnull=True, granted_at__lt=cutoff
    ).values_list("pk", flat=True)
    queued = [enqueue(tasks.send_invitation, pk) for pk in invitations]
    queued += [enqueue(tasks.send_auditor_invitation, pk) for pk in grants]
    return sum(queued)
