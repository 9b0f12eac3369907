"""Auditors through the API: owners give and revoke access, an invitation is accepted, an auditor reads
only what an active grant covers, and two-factor authentication is kept for every token of staff and
auditors."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, AuditEvent, AuditorGrant
from tests.api.conftest import token_for
from tests.assessments.helpers import start
from tests.factories import AISystemFactory, UserFactory

pytestmark = pytest.mark.django_db


def grants_url(organisation_id: int) -> str:
    return f"/api/v1/organisations/{organisation_id}/auditor-grants/"


def test_an_auditor_account_has_the_access_at_once_and_reads_it(as_user, owner, auditor, submitted):
    response = as_user(owner).post(
        grants_url(submitted.organisation_id), {"email": auditor.email, "assessment": submitted.pk}
    )
    assert response.status_code == 201
    assert response.json()["accepted"] is True and response.json()["scope"] == "assessment"
    api = as_user(auditor)
    assert [a["id"] for a in api.get("/api/v1/audit/assessments/").json()["results"]] == [submitted.pk]
    record = api.get(f"/api/v1/audit/assessments/{submitted.pk}/").json()
    assert record["result"]["overall"] is not None and "actions" not in record and "grants" not in record
    answers = api.get(f"/api/v1/audit/assessments/{submitted.pk}/answers/").json()
    assert len(answers) > 0 and all(a["answered"] for a in answers)


def test_someone_without_an_account_is_invited_and_accepts_with_their_token(
    as_user, owner, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(owner).post(
            grants_url(submitted.organisation_id), {"email": "New.Auditor@Audit.example"}
        )
    assert response.status_code == 201 and response.json()["accepted"] is False
    assert response.json()["scope"] == "organisation"
    assert response.json()["email"] == "new.auditor@audit.example"
    assert mail.outbox and mail.outbox[-1].to == ["new.auditor@audit.example"]
    grant = AuditorGrant.objects.get(pk=response.json()["id"])
    invited = UserFactory(email="new.auditor@audit.example")
    api = as_user(invited)
    accepted = api.post("/api/v1/audit/invitations/accept/", {"token": grant.token})
    assert accepted.status_code == 200 and accepted.json()["organisation_name"] == submitted.organisation.name
    assert User.objects.get(pk=invited.pk).kind == User.Kind.AUDITOR
    # an auditor must use two-factor authentication: the member's token stops working until they do
    refused = api.get("/api/v1/audit/assessments/")
    assert refused.status_code == 403 and refused.json()["type"].endswith("two-factor-required")


def test_an_unknown_invitation_token_is_a_404(as_user, owner):
    assert as_user(owner).post("/api/v1/audit/invitations/accept/", {"token": "nope"}).status_code == 404


def test_a_draft_or_another_organisation_s_assessment_cannot_be_granted(as_user, owner, outsider, system):
    draft = start(system, owner)
    foreign = start(AISystemFactory(organisation=outsider.memberships.get().organisation), outsider)
    Assessment.objects.filter(pk=foreign.pk).update(status=Assessment.Status.SUBMITTED)
    api = as_user(owner)
    for pk in (draft.pk, foreign.pk, 999999):
        data = {"email": "a@audit.example", "assessment": pk}
        response = api.post(grants_url(system.organisation_id), data)
        assert response.status_code == 400 and response.json()["errors"][0]["pointer"] == "#/assessment"
    assert not AuditorGrant.objects.exists()


@pytest.mark.parametrize(
    ("data", "pointer"),
    [({"email": "not an e-mail"}, "#/email"), ({"email": "a@audit.example", "until": "2020-01-01"}, None)],
)
def test_a_bad_grant_is_refused_and_stores_nothing(as_user, owner, system, data, pointer):
    response = as_user(owner).post(grants_url(system.organisation_id), data)
    if pointer:
        assert response.status_code == 400 and response.json()["errors"][0]["pointer"] == pointer
    else:  # the service's rule: the last day cannot be in the past
        assert response.status_code == 409 and "past" in response.json()["detail"]
    assert not AuditorGrant.objects.exists()


def test_a_member_cannot_be_given_auditor_access(as_user, owner, viewer, system):
    response = as_user(owner).post(grants_url(system.organisation_id), {"email": viewer.email})
    assert response.status_code == 409 and "is a member" in response.json()["detail"]


def test_revoking_ends_the_access_from_the_next_request(as_user, owner, auditor, submitted):
    grant = AuditorGrant.objects.create(
        organisation=submitted.organisation, assessment=submitted, email=auditor.email, auditor=auditor,
        granted_by=owner,
    )  # fmt: skip
    # one client: as_user(...) switches whose token it sends
    assert as_user(auditor).get(f"/api/v1/audit/assessments/{submitted.pk}/").status_code == 200
    owner_api = as_user(owner)
    revoked = owner_api.post(f"/api/v1/auditor-grants/{grant.pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert owner_api.post(f"/api/v1/auditor-grants/{grant.pk}/revoke/").status_code == 409
    auditor_api = as_user(auditor)
    assert auditor_api.get(f"/api/v1/audit/assessments/{submitted.pk}/").status_code == 404
    assert auditor_api.get("/api/v1/audit/grants/").json()[0]["revoked_at"] is not None
    listed = as_user(owner).get(grants_url(submitted.organisation_id)).json()
    assert [g["id"] for g in listed] == [grant.pk] and listed[0]["is_active"] is False
    assert AuditEvent.objects.filter(action=AuditEvent.Action.AUDITOR_REVOKED).count() == 1


def test_an_organisation_wide_grant_covers_every_submitted_assessment_but_no_draft(
    as_user, owner, auditor, submitted, system
):
    draft = start(system, owner)
    AuditorGrant.objects.create(
        organisation=system.organisation, email=auditor.email, auditor=auditor, granted_by=owner
    )
    api = as_user(auditor)
    assert [a["id"] for a in api.get("/api/v1/audit/assessments/").json()["results"]] == [submitted.pk]
    assert api.get(f"/api/v1/audit/assessments/{draft.pk}/").status_code == 404


def test_the_dpo_s_grant_lasts_while_the_assessment_is_sent(as_user, owner, dpo_admin, auditor, submitted):
    from assessments.services import review

    review.send_for_review(assessment=submitted, by=owner)
    response = as_user(dpo_admin).post(
        f"/api/v1/dpo/assessments/{submitted.pk}/auditor-grants/", {"email": auditor.email}
    )
    assert response.status_code == 201 and response.json()["by_dpo"] is True
    api = as_user(auditor)
    assert api.get(f"/api/v1/audit/assessments/{submitted.pk}/").status_code == 200
    review.withdraw(assessment=Assessment.objects.get(pk=submitted.pk), by=owner)
    assert api.get(f"/api/v1/audit/assessments/{submitted.pk}/").status_code == 404


def test_the_audited_list_takes_the_same_queries_whatever_its_size(
    as_user, owner, auditor, system, published_content, django_assert_num_queries
):
    for _ in range(4):
        a = start(AISystemFactory(organisation=system.organisation), owner)
        Assessment.objects.filter(pk=a.pk).update(status=Assessment.Status.SUBMITTED)
    AuditorGrant.objects.create(
        organisation=system.organisation, email=auditor.email, auditor=auditor, granted_by=owner
    )
    api = as_user(auditor)
    api.get("/api/v1/audit/grants/")  # the token's first use is recorded once
    for n in (1, 3):
        with django_assert_num_queries(4):
            response = api.get(f"/api/v1/audit/assessments/?page_size={n}")
        assert len(response.json()["results"]) == n


# ---------------------------------------------------------------- two-factor authentication and tokens


@pytest.mark.parametrize("kind", [User.Kind.REVIEWER, User.Kind.DPO_ADMIN, User.Kind.AUDITOR])
def test_a_token_stops_working_when_its_staff_owner_turns_two_factor_off(api, request, kind):
    from tests.conftest import with_totp

    user = with_totp(UserFactory(kind=kind))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    assert api.get("/api/v1/me/").status_code == 200
    Authenticator.objects.filter(user=user).delete()
    response = api.get("/api/v1/me/")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("two-factor-required")


def test_a_staff_session_without_two_factor_gets_a_problem_not_a_redirect(api):
    user = UserFactory(kind=User.Kind.REVIEWER)
    api.force_login(user)
    response = api.get("/api/v1/dpo/queue/")
    assert response.status_code == 403 and response.json()["type"].endswith("two-factor-required")


def test_an_expired_grant_is_listed_but_reads_nothing(as_user, owner, auditor, submitted):
    AuditorGrant.objects.create(
        organisation=submitted.organisation, assessment=submitted, email=auditor.email, auditor=auditor,
        granted_by=owner, until=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    api = as_user(auditor)
    assert api.get("/api/v1/audit/grants/").json()[0]["is_active"] is False
    assert api.get("/api/v1/audit/assessments/").json()["results"] == []
