"""With the broker down, inviting a colleague or an auditor and notifying the DPO still succeed for the
person acting; nothing is lost: the sweeps send every e-mail once the broker is back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from assessments import tasks
from assessments.models import AuditorGrant, Invitation
from assessments.services import grants
from assessments.services import organisations as services
from notifications import services as notifications
from notifications import tasks as notification_tasks
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for task in (tasks.send_invitation, tasks.send_auditor_invitation, notification_tasks.send_notification):
        monkeypatch.setattr(task, "apply_async", refuse)
    return monkeypatch


def _later(model, field):
    model.objects.update(**{field: timezone.now() - timedelta(minutes=10)})


def test_an_invitation_during_an_outage_is_saved_told_and_sent_by_the_sweep(
    client, owner, organisation, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:member_invite", args=[organisation.pk]),
            {"email": "newcomer@example.org", "role": "editor"},
        )
    assert response.status_code == 302  # not a server error
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and not mail.outbox

    broker_down.undo()  # the broker is back
    assert services.sweep_unsent_invitations() == 0  # too recent: its task may still be on its way
    _later(Invitation, "created_at")
    assert services.sweep_unsent_invitations() == 1

    [sent] = mail.outbox
    assert sent.to == ["newcomer@example.org"]
    assert Invitation.objects.get().sent_at is not None
    assert services.sweep_unsent_invitations() == 0  # sent once


def test_an_auditor_invitation_during_an_outage_is_sent_by_the_sweep(
    owner, organisation, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grants.grant_access(organisation=organisation, email="firm@audit.example", by=owner)
    assert not mail.outbox
    broker_down.undo()
    _later(AuditorGrant, "granted_at")

    assert services.sweep_unsent_invitations() == 1

    assert [m.to for m in mail.outbox] == [["firm@audit.example"]]
    assert AuditorGrant.objects.get().invitation_sent_at is not None


def test_a_notification_during_an_outage_waits_in_the_outbox(
    owner, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            "review_sent", recipients=[owner], path="/", system="S", organisation="O", round=1
        )
    assert Notification.objects.get().sent_at is None
    broker_down.undo()
    _later(Notification, "created_at")

    assert notification_tasks.sweep_unsent_notifications() == 1

    assert Notification.objects.get().sent_at is not None and len(mail.outbox) == 1
