"""Queue glue: each task is a one-line call into a service, with ids as arguments."""

from celery import shared_task
from django.db import DatabaseError

from assessments.services import grants, organisations, reports
from assessments.services import scoring as scoring_services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> None:
    organisations.send_invitation_email(invitation_id=invitation_id)


@shared_task
def sweep_unsent_invitations() -> int:
    return organisations.sweep_unsent_invitations()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_auditor_invitation(grant_id: int) -> None:
    grants.send_invitation_email(grant_id=grant_id)


# Idempotent (one result per revision and method), so late acknowledgement and redelivery are safe.
@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=300, max_retries=6)
def score_assessment(assessment_id: int, force: bool = False) -> None:
    scoring_services.score_assessment(assessment_id=assessment_id, force=force)


@shared_task
def sweep_unscored() -> int:
    return scoring_services.sweep_unscored()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=6)
def render_report(report_id: int) -> None:
    reports.render_report(report_id=report_id)


@shared_task
def sweep_pending_reports() -> int:
    return reports.sweep_pending_reports()
