"""Queue glue for notifications: each task a one-line call into the service."""

from celery import shared_task

from notifications import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(notification_id: int) -> None:
    services.send(notification_id=notification_id)


@shared_task
def sweep_unsent_notifications() -> int:
    lost = services.lost_notifications()
    for pk in lost:
        send_notification.delay(pk)
    return len(lost)
