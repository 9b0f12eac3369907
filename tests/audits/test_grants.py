"""Auditors' access: given by e-mail, accepted once, revoked at once; every step recorded and told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, AuditEvent, AuditorGrant, Report
from assessments.services import ServiceError, review
from assessments.services import grants as services
from notifications.models import Notification
from tests.assessments.helpers import start, streamed
from tests.conftest import with_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def submitted(system, owner):
    """An assessment marked submitted (the grant rules look at the status only)."""
    assessment = start(system, owner)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    return Assessment.objects.get(pk=assessment.pk)


def _give(owner, assessment=None, email="Auditor@Audit.example", **extra):
    return services.grant_access(
        organisation=owner.memberships.first().organisation,
        email=email,
        by=owner,
        assessment=assessment,
        **extra,
    )


def _actions(organisation):
    events = AuditEvent.objects.filter(organisation=organisation, action__startswith="auditor_")
    return list(events.order_by("pk").values_list("action", flat=True))


def test_a_grant_to_a_new_address_emails_an_invitation(
    owner, organisation, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = _give(owner, submitted, until=timezone.localdate() + timedelta(days=30))

    assert grant.email == "auditor@audit.example" and grant.auditor is None
    [sent] = mail.outbox
    assert sent.to == ["auditor@audit.example"]
    assert reverse("audits:accept", args=[grant.token]) in sent.body
    assert submitted.system.name in sent.body and "雙重認證" in sent.body
    assert _actions(organisation) == [AuditEvent.Action.AUDITOR_GRANTED]


def test_accepting_links_the_account_and_makes_it_an_auditor_account(owner, organisation, submitted):
    grant = _give(owner, submitted)
    person = UserFactory(email="auditor@audit.example")

    services.accept_grant(grant=grant, user=person)

    grant.refresh_from_db()
    person.refresh_from_db()
    assert grant.auditor == person and grant.accepted_at is not None
    assert person.kind == User.Kind.AUDITOR  # from now on, two-factor authentication is required
    assert _actions(organisation)[-1] == AuditEvent.Action.AUDITOR_ACCEPTED


def test_only_the_address_it_was_sent_to_can_accept(owner, submitted):
    grant = _give(owner, submitted)
    with pytest.raises(ServiceError, match="auditor@audit.example"):
        services.accept_grant(grant=grant, user=UserFactory(email="someone@else.example"))
    assert AuditorGrant.objects.get(pk=grant.pk).auditor is None


def test_an_existing_auditor_has_the_access_at_once_and_is_told(owner, submitted, auditor):
    grant = _give(owner, submitted, email=auditor.email)

    assert grant.auditor == auditor
    [note] = Notification.objects.filter(recipient=auditor)
    assert note.kind == "auditor_granted" and note.context["system"] == submitted.system.name
    assert not mail.outbox  # no invitation: nothing to accept


@pytest.mark.parametrize(
    "email, assessment_state, until, message",
    [
        ("viewer", "submitted", None, "is a member of this organisation"),
        ("reviewer@dpo.example", "submitted", None, "is DPO staff"),
        ("a@audit.example", "draft", None, "A draft cannot be audited"),
        ("a@audit.example", "submitted", -1, "cannot be in the past"),
    ],
)
def test_refused_grants_say_why_and_create_nothing(
    owner, viewer, reviewer, system, submitted, email, assessment_state, until, message
):
    assessment = submitted if assessment_state == "submitted" else start(system, owner)
    email = viewer.email if email == "viewer" else email
    until = timezone.localdate() + timedelta(days=until) if until else None

    with pytest.raises(ServiceError, match=message):
        _give(owner, assessment, email=email, until=until)
    assert (
        not AuditorGrant.objects.exists() and not AuditEvent.objects.filter(action="auditor_granted").exists()
    )


def test_the_same_access_twice_is_refused(owner, submitted):
    _give(owner, submitted)
    with pytest.raises(ServiceError, match="already has this access"):
        _give(owner, submitted)
    assert AuditorGrant.objects.count() == 1


def test_the_dpo_gives_access_only_to_what_was_sent(dpo_admin, owner, submitted):
    with pytest.raises(ServiceError, match="sent to it"):
        services.grant_access(
            organisation=submitted.organisation,
            email="a@audit.example",
            by=dpo_admin,
            assessment=submitted,
            by_dpo=True,
        )


def test_revoking_ends_the_access_on_the_next_request(client, owner, submitted, auditor):
    grant = _give(owner, submitted, email=auditor.email)
    client.force_login(auditor)
    page = reverse("audits:assessment", args=[submitted.pk])
    assert client.get(page).status_code == 200

    services.revoke_grant(grant=grant, by=owner)

    assert client.get(page).status_code == 404
    assert AuditorGrant.objects.get(pk=grant.pk).revoked_by == owner
    assert Notification.objects.filter(recipient=auditor, kind="auditor_revoked").exists()
    with pytest.raises(ServiceError, match="revoked already"):
        services.revoke_grant(grant=grant, by=owner)


def test_a_grant_ends_after_its_last_day(client, owner, submitted, auditor):
    grant = _give(owner, submitted, email=auditor.email, until=timezone.localdate())
    client.force_login(auditor)
    page = reverse("audits:assessment", args=[submitted.pk])
    assert client.get(page).status_code == 200  # the last day is included

    AuditorGrant.objects.filter(pk=grant.pk).update(until=timezone.localdate() - timedelta(days=1))

    assert client.get(page).status_code == 404


def test_an_organisation_wide_grant_covers_every_submitted_assessment_but_no_draft(
    client, owner, system, submitted, auditor
):
    draft = start(system, owner)
    _give(owner, email=auditor.email)
    client.force_login(auditor)

    assert client.get(reverse("audits:assessment", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("audits:assessment", args=[draft.pk])).status_code == 404
    page = client.get(reverse("audits:grants")).content.decode()
    assert reverse("audits:assessment", args=[submitted.pk]) in page
    assert reverse("audits:assessment", args=[draft.pk]) not in page


def test_a_dpo_grant_ends_when_the_organisation_withdraws(client, owner, dpo_admin, submitted, auditor):
    sent = review.send_for_review(assessment=submitted, by=owner)
    services.grant_access(
        organisation=sent.organisation, email=auditor.email, by=dpo_admin, assessment=sent, by_dpo=True
    )
    client.force_login(auditor)
    page = reverse("audits:assessment", args=[sent.pk])
    assert client.get(page).status_code == 200

    review.withdraw(assessment=sent, by=owner)

    assert client.get(page).status_code == 404


def test_auditor_downloads_are_recorded(client, owner, system, auditor, django_capture_on_commit_callbacks):
    from assessments.services import assessments as assessment_services
    from tests.assessments.helpers import answer_all

    submitted = start(system, owner)
    answer_all(submitted, owner)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.submit_assessment(assessment=submitted, by=owner)
    submitted = Assessment.objects.get(pk=submitted.pk)
    _give(owner, submitted, email=auditor.email)
    report = Report.objects.create(
        assessment=submitted, result=submitted.results.first(), language="en", number="GAIP-T-9",
        status=Report.Status.READY, assessment_status=submitted.status,
    )  # fmt: skip
    report.file.save("r.pdf", SimpleUploadedFile("r.pdf", PDF))
    client.force_login(auditor)

    response = client.get(reverse("audits:report_download", args=[report.pk]), REMOTE_ADDR="203.0.113.9")

    assert streamed(response) == PDF
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert (event.actor, event.assessment, event.detail["report"]) == (auditor, submitted, "GAIP-T-9")
    assert event.ip_address == "203.0.113.9"


def test_an_auditor_without_totp_is_sent_to_set_it_up(client, owner, submitted):
    person = UserFactory(kind=User.Kind.AUDITOR, email="auditor@audit.example")
    _give(owner, submitted, email=person.email)
    client.force_login(person)

    response = client.get(reverse("audits:assessment", args=[submitted.pk]))

    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


# ---------------------------------------------------------------- the pages that give access


def test_the_owner_gives_access_from_the_organisation_page(
    client, owner, organisation, submitted, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    page = client.get(reverse("assessments:organisation_detail", args=[organisation.pk])).content.decode()
    assert 'id="auditors-heading"' in page and 'id="id_grant_email"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("audits:grant", args=[organisation.pk]),
            {"email": "firm@audit.example", "assessment": submitted.pk, "until": ""},
            follow=True,
        )

    assert "An invitation was e-mailed to firm@audit.example" in response.content.decode()
    grant = AuditorGrant.objects.get()
    assert (grant.assessment, grant.until, grant.by_dpo) == (submitted, None, False)
    assert "firm@audit.example" in response.content.decode() and len(mail.outbox) == 1


def test_a_refused_grant_form_keeps_what_was_typed(client, owner, organisation):
    client.force_login(owner)

    response = client.post(
        reverse("audits:grant", args=[organisation.pk]),
        {"email": "firm@audit.example", "until": "2001-01-01"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="firm@audit.example"' in page and "cannot be in the past" in page
    assert not AuditorGrant.objects.exists()


def test_the_owner_revokes_from_the_organisation_page(client, owner, organisation, submitted, auditor):
    grant = _give(owner, submitted, email=auditor.email)
    client.force_login(owner)

    response = client.post(reverse("audits:revoke", args=[grant.pk]), follow=True)

    assert f"The access of {auditor.email} was revoked." in response.content.decode()
    assert AuditorGrant.objects.get(pk=grant.pk).revoked_at is not None


def test_a_dpo_administrator_gives_access_from_the_review_screen(client, owner, dpo_admin, submitted):
    sent = review.send_for_review(assessment=submitted, by=owner)
    client.force_login(dpo_admin)
    assert 'id="auditors-heading"' in client.get(reverse("reviews:review", args=[sent.pk])).content.decode()

    client.post(reverse("audits:dpo_grant", args=[sent.pk]), {"email": "firm@audit.example"})

    grant = AuditorGrant.objects.get()
    assert grant.by_dpo and grant.assessment == sent and grant.granted_by == dpo_admin


def test_the_invitation_page_accepts_for_the_right_account(client, owner, submitted):
    grant = _give(owner, submitted)
    person = with_totp(UserFactory(email="auditor@audit.example"))
    client.force_login(person)
    url = reverse("audits:accept", args=[grant.token])
    assert "Accept the access" in client.get(url).content.decode()

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("audits:grants")
    assert submitted.system.name in response.content.decode()


def test_the_auditor_page_reads_in_a_fixed_number_of_queries(
    client, owner, system, auditor, django_assert_max_num_queries
):
    from tests.assessments.helpers import answer_all

    assessment = start(system, owner)
    answer_all(assessment, owner)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    _give(owner, email=auditor.email)
    client.force_login(auditor)
    url = reverse("audits:assessment", args=[assessment.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        _give(owner, email=f"more{n}@audit.example")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    # every answer has a change: the history is read in one query, not one per answer
    assert len(few) <= 14, [q["sql"] for q in few.captured_queries]


def test_everyone_concerned_sees_the_timeline(client, owner, dpo_admin, submitted, auditor):
    sent = review.send_for_review(assessment=submitted, by=owner)
    services.grant_access(
        organisation=sent.organisation, email=auditor.email, by=dpo_admin, assessment=sent, by_dpo=True
    )
    pages = {
        owner: reverse("assessments:assessment_detail", args=[sent.pk]),
        dpo_admin: reverse("reviews:review", args=[sent.pk]),
        auditor: reverse("audits:assessment", args=[sent.pk]),
    }
    for user, url in pages.items():
        client.force_login(user)
        page = client.get(url).content.decode()
        assert 'id="history-heading"' in page, user
        assert "Sent to the DPO for review" in page and "Auditor given access" in page, user
        assert auditor.email in page, user
