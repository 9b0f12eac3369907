"""The score lines behind the DPO dashboard and the sector benchmark (`ScoreLine`).

Each scored assessment has one line per dimension, per principle and per gap of its latest scored
revision, with copies of the facts the dashboard filters on. Keeping them as rows, written when a
result is stored and updated when a review move changes the assessment, lets every figure be one
aggregate over an indexed table on SQLite and PostgreSQL alike, instead of decoding results' JSON.
"""

from decimal import Decimal

from django.db.models import OuterRef, Subquery

from assessments.models import AISystem, Assessment, ScoreLine

Kind = ScoreLine.Kind


def _score(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def lines_for(assessment: Assessment, detail: dict) -> list[ScoreLine]:
    """Unsaved lines for a result's stored `detail` (see `scoring_services.result_detail`)."""
    common = {
        "assessment_id": assessment.pk,
        "organisation_id": assessment.organisation_id,
        "guideline_version_id": assessment.guideline_version_id,
        "role_id": assessment.role_id,
        "tier_id": assessment.tier_id,
        "sector": assessment.system.sector,
        "status": assessment.status,
        "sent_at": assessment.sent_for_review_at,
    }
    lines = [
        ScoreLine(**common, kind=kind, code=group["code"], score=_score(group["score"]))
        for kind, key in ((Kind.DIMENSION, "dimensions"), (Kind.PRINCIPLE, "principles"))
        for group in detail[key]
    ]
    lines += [
        ScoreLine(**common, kind=Kind.GAP, code=gap["obligation"], score=_score(gap["score"]))
        for gap in detail["gaps"]
    ]
    return lines


def store_lines(*, assessment: Assessment, detail: dict) -> None:
    """Replace the assessment's lines with those of the result just stored (call inside its transaction)."""
    ScoreLine.objects.filter(assessment_id=assessment.pk).delete()
    ScoreLine.objects.bulk_create(lines_for(assessment, detail))


def sync_status(assessment_id: int) -> None:
    """Copy the assessment's status and sending time onto its lines (after a review move)."""
    current = Assessment.objects.filter(pk=assessment_id)
    ScoreLine.objects.filter(assessment_id=assessment_id).update(
        status=Subquery(current.values("status")[:1]),
        sent_at=Subquery(current.values("sent_for_review_at")[:1]),
    )


def sync_sector(system: AISystem) -> None:
    """Copy a system's sector onto the lines of its assessments (after the system is saved)."""
    ScoreLine.objects.filter(assessment__system=system).exclude(sector=system.sector).update(
        sector=system.sector
    )


def rebuild_all() -> int:
    """Lines for every assessment from its latest stored result under the current method; returns how
    many assessments have lines. For data stored before the lines existed (idempotent)."""
    from assessments import scoring
    from assessments.models import AssessmentResult

    latest = AssessmentResult.objects.filter(
        assessment=OuterRef("pk"), method_version=scoring.METHOD_VERSION
    ).order_by("-revision")
    scored = Assessment.objects.select_related("system").annotate(result_id=Subquery(latest.values("pk")[:1]))
    count = 0
    for assessment in scored.filter(result_id__isnull=False).iterator(chunk_size=500):
        detail = AssessmentResult.objects.values_list("detail", flat=True).get(pk=assessment.result_id)
        store_lines(assessment=assessment, detail=detail)
        count += 1
    return count
