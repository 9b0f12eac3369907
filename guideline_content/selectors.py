"""Reads of published guideline content for the public browser. Content is public: no tenant scoping."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from guideline_content import crosswalks
from guideline_content.models import (
    Dimension,
    GuidelineVersion,
    Obligation,
    Question,
    Risk,
    Role,
    TriageQuestion,
)


def published_version(code: str | None = None) -> GuidelineVersion:
    """The published version with this code, or the current one. Raises Http404 if there is none."""
    versions = GuidelineVersion.objects.published().select_related("default_tier")
    version = versions.filter(code=code).first() if code else versions.current()
    if version is None:
        raise Http404("No published guideline version")
    return version


def roles_with_counts(version: GuidelineVersion) -> QuerySet[Role]:
    return Role.objects.filter(version=version).annotate(
        obligation_count=Count("obligations", distinct=True), question_count=Count("questions", distinct=True)
    )


def risks_of(version: GuidelineVersion) -> QuerySet[Risk]:
    return Risk.objects.filter(version=version).order_by("category", "order")


def with_crosswalk(obligations, *, framework: str = "") -> list[Obligation]:
    """The obligations mapped to `framework` (all of them without one). Filtered in Python: SQLite
    cannot look inside a JSON list, and a version holds a few hundred obligations at most."""
    return [o for o in obligations if not framework or crosswalks.matches(o.crosswalks, framework)]


def obligations_of(version: GuidelineVersion, *, role: str = "", dimension: str = "") -> QuerySet[Obligation]:
    """Obligations with everything the browser shows, in a fixed number of queries."""
    obligations = (
        Obligation.objects.filter(version=version)
        .select_related("role", "topic")
        .prefetch_related(
            "tiers",
            "dimensions",
            "principles",
            "risks",
            Prefetch(
                "questions", queryset=Question.objects.only("id", "code", "text_en", "text_zh_hant", "text")
            ),
        )
        .order_by("role__order", "topic__order", "order")
    )
    if role:
        obligations = obligations.filter(role__code=role)
    if dimension:
        obligations = obligations.filter(dimensions__code=dimension)
    return obligations


def dimensions_of(version: GuidelineVersion) -> QuerySet[Dimension]:
    return Dimension.objects.filter(version=version)


def triage_questions_of(version: GuidelineVersion | int) -> QuerySet[TriageQuestion]:
    """A version's triage questions with their options, in order."""
    return TriageQuestion.objects.filter(version=version).prefetch_related("options")
