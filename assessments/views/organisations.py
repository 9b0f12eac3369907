"""Organisations, their members and invitations, and the AI systems register (HTML)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.sessions import privileges_changed
from assessments import permissions
from assessments.forms.organisations import AISystemForm, InvitationForm, MemberRoleForm, OrganisationForm
from assessments.models import Invitation, Membership, Organisation
from assessments.permissions import Action
from assessments.services import ServiceError
from assessments.services import organisations as services
from audits.forms import GrantForm
from audits.selectors import grantable_assessments, grants_of
from guideline_content.models import GuidelineVersion, Role


def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if form.is_valid():
        organisation = services.create_organisation(by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was created. You are its owner.") % {"name": organisation.name})
        return redirect("assessments:organisation_detail", pk=organisation.pk)
    return render(request, "assessments/organisation_form.html", {"form": form})


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk)
    return render_organisation(request, organisation)


def render_organisation(
    request: HttpRequest, organisation: Organisation, *, invite_form=None, grant_form=None, status: int = 200
) -> HttpResponse:
    """The organisation page; a refused form is shown again with what the user typed (`status` 400)."""
    can_manage = permissions.can(organisation.my_role, Action.MANAGE)
    memberships = list(organisation.memberships.select_related("user"))
    sole_owner = sum(m.role == Membership.Role.OWNER for m in memberships) == 1
    context = {
        "organisation": organisation,
        "my_role": Membership.Role(organisation.my_role).label,
        # (membership, its role select with ids of its own, whether it is the only owner)
        "members": [
            (
                m,
                MemberRoleForm(initial={"role": m.role}, auto_id=f"id_%s_{m.pk}"),
                sole_owner and m.role == Membership.Role.OWNER,
            )
            for m in memberships
        ],
        "invitations": organisation.invitations.filter(accepted_at=None, expires_at__gt=timezone.now()),
        "systems": organisation.systems.annotate(assessment_count=Count("assessments")),
        "can_manage": can_manage,
        "can_edit": permissions.can(organisation.my_role, Action.EDIT),
        "invite_form": invite_form or InvitationForm(),
        "grants": grants_of(organisation),
        "grant_form": (grant_form or GrantForm(assessments=grantable_assessments(organisation)))
        if can_manage
        else None,
    }
    return render(request, "assessments/organisation_detail.html", context, status=status)


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if form.is_valid():
        services.update_organisation(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The organisation's details were saved."))
        return redirect("assessments:organisation_detail", pk=organisation.pk)
    return render(request, "assessments/organisation_form.html", {"form": form, "organisation": organisation})


@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return render_organisation(request, organisation, invite_form=form, status=400)
    try:
        invitation = services.invite_member(organisation=organisation, by=request.user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
    return redirect("assessments:organisation_detail", pk=organisation.pk)


@require_POST
def member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=member_pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
        return redirect("assessments:organisation_detail", pk=organisation.pk)
    try:
        services.change_member_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        if membership.user_id == request.user.pk:
            privileges_changed(request)
        messages.success(
            request,
            _("%(member)s is now: %(role)s.")
            % {"member": membership.user.email, "role": membership.get_role_display()},
        )
    return redirect("assessments:organisation_detail", pk=organisation.pk)


@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=member_pk)
    try:
        services.remove_member(membership=membership, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:organisation_detail", pk=organisation.pk)
    messages.success(
        request,
        _("%(member)s was removed from %(organisation)s.")
        % {"member": membership.user.email, "organisation": organisation.name},
    )
    if membership.user_id == request.user.pk:  # an owner who left can no longer see the organisation
        privileges_changed(request)
        return redirect("assessments:dashboard")
    return redirect("assessments:organisation_detail", pk=organisation.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    # Found by its secret token, not through `permissions`: an invitation is how someone who is not
    # yet a member gets in. The service checks that it is open and addressed to this user.
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if request.method != "POST":
        return render(request, "assessments/invitation_accept.html", {"invitation": invitation})
    try:
        membership = services.accept_invitation(invitation=invitation, user=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:accept_invitation", token=token)
    privileges_changed(request)  # the user now reads (and perhaps changes) the organisation's records
    messages.success(
        request,
        _("You joined %(organisation)s as: %(role)s.")
        % {"organisation": invitation.organisation.name, "role": membership.get_role_display()},
    )
    return redirect("assessments:organisation_detail", pk=membership.organisation_id)


def system_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk, Action.EDIT)
    form = AISystemForm(request.POST or None)
    if form.is_valid():
        system = services.save_system(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("%(name)s was added to the register.") % {"name": system.name})
        return redirect("assessments:system_detail", pk=system.pk)
    return render(request, "assessments/system_form.html", {"form": form, "organisation": organisation})


def system_detail(request: HttpRequest, pk: int) -> HttpResponse:
    system = permissions.get_system(request.user, pk)
    can_edit = permissions.can(system.my_role, Action.EDIT)
    current = GuidelineVersion.objects.current() if can_edit else None
    context = {
        "system": system,
        "organisation": system.organisation,
        "assessments": system.assessments.select_related("guideline_version", "role", "tier"),
        "can_edit": can_edit,
        "current_version": current,
        # New assessments offer the current version's roles; the role codes are stable across versions.
        "roles": list(Role.objects.filter(version=current)) if current else [],
        "versions": GuidelineVersion.objects.newest_revisions() if current else [],
    }
    return render(request, "assessments/system_detail.html", context)


def system_edit(request: HttpRequest, pk: int) -> HttpResponse:
    system = permissions.get_system(request.user, pk, Action.EDIT)
    form = AISystemForm(request.POST or None, instance=system)
    if form.is_valid():
        services.save_system(organisation=system.organisation, system=system, **form.cleaned_data)
        messages.success(request, _("The register entry of %(name)s was saved.") % {"name": system.name})
        return redirect("assessments:system_detail", pk=system.pk)
    context = {"form": form, "organisation": system.organisation, "system": system}
    return render(request, "assessments/system_form.html", context)
