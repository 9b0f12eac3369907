"""E-mail notifications through an outbox: `notify` in the caller's transaction, `send` in a worker."""

from collections.abc import Iterable
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from assessments.services import enqueue
from notifications.models import Notification
from portal.base_url import portal_base_url

# Unsent for longer than this, a notification is taken to be lost from the queue and sent again.
LOST_AFTER = timedelta(minutes=5)


def notify(kind: str, *, recipients: Iterable[User], path: str, **context) -> list[Notification]:
    """Owe each recipient (once, whoever appears twice) an e-mail of `kind` linking to `path`."""
    from notifications import tasks  # the task module imports this one

    unique = {user.pk: user for user in recipients if user.email}
    created = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, path=path, context=context) for user in unique.values()
    )
    for notification in created:
        # never fails the caller's request: with the broker down, the sweep sends it once it is back
        transaction.on_commit(lambda pk=notification.pk: enqueue(tasks.send_notification, pk), robust=True)
    return created


def send(*, notification_id: int) -> bool:
    """Send one notification in its recipient's language; False if it was already sent (or is gone)."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.sent_at is not None:
        return False
    recipient = notification.recipient
    context = {
        **notification.context,
        "recipient": recipient,
        "link": portal_base_url() + notification.path,
    }
    with translation.override(recipient.preferred_language):
        subject = render_to_string(f"notifications/email/{notification.kind}_subject.txt", context)
        body = render_to_string(f"notifications/email/{notification.kind}_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()), message=body, from_email=None, recipient_list=[recipient.email]
    )
    # Conditional, so that a redelivered task racing this one records one sending time.
    Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def lost_notifications() -> list[int]:
    """Ids of notifications still unsent well after they were owed (their task never ran)."""
    cutoff = timezone.now() - LOST_AFTER
    return list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).values_list("pk", flat=True)
    )
