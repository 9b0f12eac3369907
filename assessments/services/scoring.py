"""Scoring submitted assessments: load, call the pure method in `assessments.scoring`, store.

Runs in a Celery worker (in-process on the embedded default). One result per assessment revision
and method version, so any number of deliveries of the same task stores it once.
"""

import dataclasses
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import translation

from accounts.models import User
from assessments import charts, scoring, tasks
from assessments.models import Answer, Assessment, AssessmentResult, AuditEvent
from assessments.services import enqueue, questionnaire, reports, summary
from assessments.services.audit import record_event
from guideline_content.published import RoleContent, version_content


def scoring_content(assessment: Assessment) -> scoring.Content:
    """The plain content scoring needs: the role's questions and obligations in the pinned version
    (built once per process from the kept content)."""
    content = questionnaire.content_of(assessment)
    return content.memo.get("scoring", lambda: _scoring_content(content))


def _scoring_content(content: RoleContent) -> scoring.Content:
    return scoring.Content(
        questions=tuple(
            scoring.QuestionIn(
                code=q.code,
                obligations=tuple(o.code for o in q.obligations.all()),
                weight=q.weight,
                option_scores={o.code: o.score for o in content.options_of(q)},
                applies_when=q.applies_when,
            )
            for q in content.questions
        ),
        obligations={
            o.code: scoring.ObligationIn(
                code=o.code,
                criticality=o.criticality,
                tiers=frozenset(t.code for t in o.tiers.all()),
                dimensions=tuple(d.code for d in o.dimensions.all()),
                principles=tuple(p.code for p in o.principles.all()),
            )
            for o in content.obligations.values()
        },
        dimensions=tuple(d.code for d in content.version.dimensions),
        principles=tuple(p.code for p in content.version.principles),
    )


def scoring_answers(assessment: Assessment) -> list[scoring.AnswerIn]:
    return [
        scoring.AnswerIn(code, value, not_applicable)
        for code, value, not_applicable in Answer.objects.filter(assessment=assessment).values_list(
            "question__code", "value", "not_applicable"
        )
    ]


def score_of(assessment: Assessment) -> scoring.Result:
    return scoring.score(
        content=scoring_content(assessment),
        answers=scoring_answers(assessment),
        tier=version_content(assessment.guideline_version).tier_by_id[assessment.tier_id].code,
        facts=assessment.triage_facts or {},
    )


def _plain(value):
    """JSON-ready form of the result: Decimals as strings keep every digit. (One pass: dataclasses'
    asdict() deep-copies every value first and took a third of the task.)"""
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def result_detail(result: scoring.Result) -> dict:
    detail = _plain(result)
    # derived numbers, stored so that readers never recompute them differently
    for stored, source in zip(detail["obligations"], result.obligations, strict=True):
        stored["score"] = str(source.score)
        for stored_q, source_q in zip(stored["questions"], source.questions, strict=True):
            stored_q["points"], stored_q["possible"] = str(source_q.points), str(source_q.possible)
    for key, groups in (("dimensions", result.dimensions), ("principles", result.principles)):
        for stored, source in zip(detail[key], groups, strict=True):
            stored["score"] = None if source.score is None else str(source.score)
    detail["overall"]["score"] = None if result.overall.score is None else str(result.overall.score)
    return detail


def result_charts(assessment: Assessment, result: scoring.Result) -> dict:
    """The radar of dimensions and the bars of principles, in each of the portal's languages."""
    content = version_content(assessment.guideline_version)
    dims = {d.code: d for d in content.dimensions}
    principles = {p.code: p for p in content.principles}
    drawn = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            drawn[language] = {
                "radar": charts.radar(
                    [str(dims[g.code].name) for g in result.dimensions],
                    [g.score for g in result.dimensions],
                    title=translation.gettext("Scores by governance dimension"),
                ),
                "principles": charts.bars(
                    [str(principles[g.code].name) for g in result.principles],
                    [g.score for g in result.principles],
                    title=translation.gettext("Scores by governance principle"),
                ),
            }
    return drawn


def score_assessment(*, assessment_id: int, force: bool = False) -> AssessmentResult | None:
    """Score a submitted assessment's current revision under the current method, once.

    Returns the stored result (the existing one unless `force`), or None for a draft or a missing
    assessment. Safe to run any number of times for the same assessment.
    """
    assessment = (
        Assessment.objects.select_related("tier", "guideline_version", "system")
        .filter(pk=assessment_id)
        .first()
    )
    # Open answers (a draft, or one returned for changes) are scored when they are locked again.
    if assessment is None or assessment.answers_open or assessment.tier is None:
        return None
    key = {
        "assessment": assessment,
        "revision": assessment.revision,
        "method_version": scoring.METHOD_VERSION,
    }
    if not force:
        existing = AssessmentResult.objects.filter(**key).first()
        if existing:
            return existing
    result = score_of(assessment)
    fields = {
        "tier": result.tier,
        "overall": result.overall.score,
        "rating": result.rating,
        "uncapped_rating": result.uncapped_rating,
        "capped_by": list(result.capped_by),
        "detail": result_detail(result),
        "charts": result_charts(assessment, result),
    }
    try:
        with transaction.atomic():
            # an UPDATE in place, without first reading (and decoding) the stored detail and charts
            if force and AssessmentResult.objects.filter(**key).update(**fields):
                stored = AssessmentResult.objects.defer("detail", "charts").get(**key)
            else:
                stored = AssessmentResult.objects.create(**key, **fields)
            summary.store_lines(assessment=assessment, detail=fields["detail"])
            reports.request_automatic_reports(stored)
    except IntegrityError:  # another delivery stored it a moment ago
        stored = AssessmentResult.objects.get(**key)
    return stored


def enqueue_scoring(assessment_id: int, *, force: bool = False) -> bool:
    return enqueue(tasks.score_assessment, assessment_id, force=force)


def enqueue_after_commit(assessment_id: int, *, force: bool = False) -> None:
    transaction.on_commit(lambda: enqueue_scoring(assessment_id, force=force), robust=True)


def unscored_assessments():
    """Submitted assessments with no result for their current revision under the current method."""
    current = AssessmentResult.objects.filter(
        assessment=OuterRef("pk"), revision=OuterRef("revision"), method_version=scoring.METHOD_VERSION
    )
    return Assessment.objects.exclude(
        status__in=[Assessment.Status.DRAFT, Assessment.Status.CHANGES_REQUESTED]
    ).exclude(Exists(current))


def sweep_unscored() -> int:
    """Queue every assessment that should have a current result and has none (broker was down at
    submission, a worker died, the method changed). Returns how many were queued."""
    queued = 0
    for assessment_id in unscored_assessments().values_list("pk", flat=True):
        queued += enqueue_scoring(assessment_id)
    return queued


def request_rescore(*, assessment: Assessment, by: User) -> None:
    """Score again under the current method, replacing the current revision's result."""
    with transaction.atomic():
        record_event(AuditEvent.Action.RESCORE_REQUESTED, actor=by, assessment=assessment)
        enqueue_after_commit(assessment.pk, force=True)


def current_result(assessment: Assessment) -> AssessmentResult | None:
    return AssessmentResult.objects.filter(
        assessment=assessment, revision=assessment.revision, method_version=scoring.METHOD_VERSION
    ).first()
