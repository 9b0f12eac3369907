"""Reads for the auditors' pages and for the lists of grants."""

from django.db.models import QuerySet

from assessments.models import Assessment, AuditorGrant, Organisation


def grantable_assessments(organisation: Organisation) -> QuerySet[Assessment]:
    """What an owner may open to an auditor one by one: every assessment but drafts."""
    return (
        organisation.assessments.exclude(status=Assessment.Status.DRAFT)
        .select_related("system", "role", "guideline_version")
        .order_by("system__name", "-pk")
    )


def grants_of(organisation: Organisation) -> list[AuditorGrant]:
    return list(
        organisation.auditor_grants.select_related("assessment__system", "assessment__role", "auditor")
    )


def grants_held_by(auditor) -> QuerySet[AuditorGrant]:
    """Every access an auditor holds or held (ended and revoked ones included), newest first."""
    return auditor.auditor_grants.select_related("organisation", "assessment__system", "assessment__role")
