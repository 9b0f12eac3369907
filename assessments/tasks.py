"""Queue glue: each task is a one-line call into a service, with ids as arguments."""

from celery import shared_task

from assessments.services import organisations


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> None:
    organisations.send_invitation_email(invitation_id=invitation_id)
