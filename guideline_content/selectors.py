"""Reads of published guideline content for the public browser. Content is public: no tenant scoping."""

from dataclasses import dataclass

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


def pick_version(versions: list[GuidelineVersion], code: str | None) -> GuidelineVersion:
    """The published version with this code among `versions` (published), or the current one.
    Raises Http404 if there is none."""
    ordered = sorted(versions, key=lambda v: v.order_key, reverse=True)
    version = next((v for v in ordered if v.code == code), None) if code else next(iter(ordered), None)
    if version is None:
        raise Http404("No published guideline version")
    return version


def published_version(code: str | None = None) -> GuidelineVersion:
    """The published version with this code, or the current one. Raises Http404 if there is none."""
    versions = GuidelineVersion.objects.published().select_related("default_tier")
    version = versions.filter(code=code).first() if code else versions.current()
    if version is None:
        raise Http404("No published guideline version")
    return version


@dataclass(frozen=True)
class Edition:
    """One guideline edition with its published questionnaire revisions, oldest first."""

    revisions: list[GuidelineVersion]

    @property
    def newest(self) -> GuidelineVersion:
        return self.revisions[-1]

    @property
    def first(self) -> GuidelineVersion:
        return self.revisions[0]

    @property
    def code(self) -> str:
        return self.first.edition

    def history(self) -> list[tuple[GuidelineVersion, GuidelineVersion | None]]:
        """Each revision with the one before it (None for revision 1), for "what changed" links."""
        return list(zip(self.revisions, [None, *self.revisions[:-1]], strict=True))


def editions(versions: list[GuidelineVersion]) -> list[Edition]:
    """The published versions grouped by edition, newest edition first (no query)."""
    grouped: dict[str, list[GuidelineVersion]] = {}
    for version in sorted(versions, key=lambda v: v.order_key):
        grouped.setdefault(version.edition, []).append(version)
    return sorted((Edition(rs) for rs in grouped.values()), key=lambda e: e.first.order_key, reverse=True)


def edition_before(editions: list[Edition], edition: Edition) -> Edition | None:
    """The edition published just before this one (editions are newest first)."""
    older = [e for e in editions if edition.first.is_newer_than(e.first)]
    return older[0] if older else None


def newer_edition_at_same_address(editions: list[Edition], version: GuidelineVersion) -> Edition | None:
    """The newest later edition whose official text has the same address as this version's: the
    DPO replaces the file in place, so that address now serves the later text, not this edition's."""
    later = [
        e
        for e in editions
        if e.code != version.edition
        and e.first.source_url == version.source_url
        and e.first.is_newer_than(version)
    ]
    return later[0] if later else None


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
