"""Assessments with stored score lines, made directly: the dashboard's and benchmark's tests need many,
with chosen scores, and answering each questionnaire would make them slow."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import Assessment
from assessments.services import summary
from guideline_content.models import Dimension, GuidelineVersion, Principle, RiskTier, Role
from tests.factories import AISystemFactory, OrganisationFactory, UserFactory

VERSION = "hk-genai-2025-12"


def dimension_codes(version: str = VERSION) -> list[str]:
    return list(Dimension.objects.filter(version__code=version).values_list("code", flat=True))


def principle_codes(version: str = VERSION) -> list[str]:
    return list(Principle.objects.filter(version__code=version).values_list("code", flat=True))


def scored(
    *,
    status: str,
    dimensions: dict[str, float | None],
    gaps: tuple[str, ...] = (),
    sector: str = "finance",
    organisation=None,
    role: str = "provider",
    version: str = VERSION,
    tier: str = "limited",
    sent_days_ago: float | None = None,
    decided_after_days: float | None = None,
    rounds: int = 1,
    system_name: str = "Assistant",
) -> Assessment:
    """An assessment in `status` whose latest result has these dimension scores (principles score 50)
    and these gaps, with its lines stored as scoring stores them."""
    organisation = organisation or OrganisationFactory(sector=sector)
    system = AISystemFactory(organisation=organisation, sector=sector, name=system_name)
    guideline = GuidelineVersion.objects.get(code=version)
    now = timezone.now()
    sent = now - timedelta(days=sent_days_ago) if sent_days_ago is not None else None
    assessment = Assessment.objects.create(
        organisation=organisation,
        system=system,
        guideline_version=guideline,
        role=Role.objects.get(version=guideline, code=role),
        tier=RiskTier.objects.get(version=guideline, code=tier),
        status=status,
        triage_facts={},
        created_by=UserFactory(),
        sent_for_review_at=sent,
        review_round=rounds if sent else 0,
        decided_at=sent + timedelta(days=decided_after_days) if decided_after_days is not None else None,
    )
    detail = {
        "dimensions": [
            {"code": code, "score": None if score is None else str(Decimal(str(score)))}
            for code, score in dimensions.items()
        ],
        "principles": [{"code": code, "score": "50.0"} for code in principle_codes(version)],
        "gaps": [{"obligation": code, "score": "20.0"} for code in gaps],
    }
    summary.store_lines(
        assessment=Assessment.objects.select_related("system").get(pk=assessment.pk), detail=detail
    )
    return assessment
