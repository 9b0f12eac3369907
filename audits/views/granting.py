"""Giving and revoking auditors' access: owners on the organisation page, DPO administrators on the
review screen of an assessment sent to the DPO."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions
from assessments.permissions import Action, ReviewAction
from assessments.services import grants as services
from assessments.views.organisations import render_organisation
from audits.forms import DpoGrantForm, GrantForm
from audits.selectors import grantable_assessments
from reviews.views.common import attempt
from reviews.views.dpo import render_review

PART = "auditors-heading"  # where the pages open after a grant or a revocation, and show its message


def _granted_message(grant) -> str:
    if grant.auditor_id:
        return _("%(email)s has the access now and was told by e-mail.") % {"email": grant.email}
    return _(
        "An invitation was e-mailed to %(email)s. The access starts once they accept it, with an account of "
        "that address and two-factor authentication."
    ) % {"email": grant.email}


@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
    form = GrantForm(request.POST, assessments=grantable_assessments(organisation))
    if not form.is_valid():
        return render_organisation(request, organisation, grant_form=form, status=400)
    attempt(
        request, services.grant_access, _granted_message, part=PART,
        organisation=organisation, **form.cleaned_data,
    )  # fmt: skip
    return redirect(reverse("assessments:organisation_detail", args=[organisation.pk]) + f"#{PART}")


@require_POST
def dpo_grant(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.GRANT)
    form = DpoGrantForm(request.POST)
    if not form.is_valid():
        return render_review(request, assessment, grant_form=form, status=400)
    attempt(
        request, services.grant_access, _granted_message, part=PART,
        organisation=assessment.organisation, assessment=assessment, by_dpo=True, **form.cleaned_data,
    )  # fmt: skip
    return redirect(reverse("reviews:review", args=[assessment.pk]) + f"#{PART}")


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = permissions.get_grant_to_revoke(request.user, pk)
    revoked = _("The access of %(email)s was revoked.") % {"email": grant.email}
    attempt(request, services.revoke_grant, revoked, part=PART, grant=grant)
    if grant.by_dpo and permissions.can_review(request.user):
        return redirect(reverse("reviews:review", args=[grant.assessment_id]) + f"#{PART}")
    return redirect(reverse("assessments:organisation_detail", args=[grant.organisation_id]) + f"#{PART}")
