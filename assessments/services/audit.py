"""The audit trail: one function writes every event, with who, what, when and from which address."""

from accounts.models import User
from assessments.models import Assessment, AuditEvent, Organisation
from portal.request_context import client_ip


def record_event(
    action: str,
    *,
    actor: User,
    assessment: Assessment | None = None,
    organisation: Organisation | None = None,
    **detail,
) -> AuditEvent:
    """Append an event about `assessment` (or, with no assessment, about `organisation` as a whole)."""
    if organisation is None:
        organisation = assessment.organisation
    return AuditEvent.objects.create(
        organisation=organisation,
        assessment=assessment,
        action=action,
        actor=actor,
        ip_address=client_ip(),
        detail=detail,
    )
