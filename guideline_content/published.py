"""Published guideline content, read from the database once per process and kept in memory.

A published version is frozen (the loader refuses to change it), so what is read once stays true:
no invalidation is needed. Draft versions are never kept: they are read afresh on every call.
Model instances are shared between requests and threads and must be treated as read-only; their
translated fields still follow the language active when they are read (django-modeltranslation).

The key includes the content digest, so a test database that reuses ids for other content (after a
flush) never sees another version's rows. Each questionnaire revision is its own GuidelineVersion row,
so revisions of one edition are kept apart; a draft revision, like any draft, is never kept.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from guideline_content.models import (
    AnswerOption,
    AnswerScheme,
    Dimension,
    GuidelineVersion,
    Obligation,
    Principle,
    Question,
    RiskTier,
    Role,
    TierRule,
    TriageQuestion,
)

MEMO_LIMIT = 4096  # derived values per content (applicability per tier and triage facts): plenty, bounded


@dataclass
class _Memo:
    values: dict = field(default_factory=dict)

    def get(self, key, build: Callable[[], Any]):
        """The value for `key`, built on first use. Building twice in a race is harmless: same value."""
        try:
            return self.values[key]
        except KeyError:
            pass
        if len(self.values) >= MEMO_LIMIT:
            self.values.clear()
        value = self.values[key] = build()
        return value


@dataclass
class VersionContent:
    """What every role of a version shares: the framework, the tiers and the triage."""

    version: GuidelineVersion
    roles: tuple[Role, ...]
    dimensions: tuple[Dimension, ...]
    principles: tuple[Principle, ...]
    tiers: dict[str, RiskTier]  # by code
    tier_rules: tuple[TierRule, ...]
    triage_questions: tuple[TriageQuestion, ...]

    @property
    def tier_by_id(self) -> dict[int, RiskTier]:
        return {t.pk: t for t in self.tiers.values()}

    def role(self, code: str) -> Role | None:
        return next((r for r in self.roles if r.code == code), None)


@dataclass
class RoleContent:
    """One role's questionnaire in one version, with everything its pages and scoring read."""

    version: VersionContent
    role: Role
    questions: tuple[Question, ...]  # in order, with dimension, scheme, options and obligations
    obligations: dict[str, Obligation]  # by code, with topic, tiers, dimensions and principles
    by_id: dict[int, Question]
    by_code: dict[str, Question]
    tier_ids: dict[int, frozenset[int]]  # question id -> the tiers its obligations apply to
    memo: _Memo = field(default_factory=_Memo)

    def options_of(self, question: Question) -> list[AnswerOption]:
        """The options a user chooses from: the question's own, or its scheme's."""
        return list(question.options.all()) or list(question.scheme.options.all())


_lock = threading.Lock()
_versions: dict[tuple[int, str], VersionContent] = {}
_roles: dict[tuple[int, str, int], RoleContent] = {}


def clear() -> None:
    """Forget everything kept (for tests that change content rows directly)."""
    with _lock:
        _versions.clear()
        _roles.clear()


def _read_version(version: GuidelineVersion) -> VersionContent:
    return VersionContent(
        version=version,
        roles=tuple(Role.objects.filter(version=version)),
        dimensions=tuple(Dimension.objects.filter(version=version)),
        principles=tuple(Principle.objects.filter(version=version)),
        tiers={t.code: t for t in RiskTier.objects.filter(version=version)},
        tier_rules=tuple(TierRule.objects.filter(version=version).select_related("tier")),
        triage_questions=tuple(TriageQuestion.objects.filter(version=version).prefetch_related("options")),
    )


def _read_role(version: VersionContent, role: Role) -> RoleContent:
    obligations = {
        o.code: o
        for o in Obligation.objects.filter(version=version.version, role=role)
        .select_related("topic")
        .prefetch_related("tiers", "dimensions", "principles")
    }
    questions = tuple(
        Question.objects.filter(version=version.version, role=role)
        .select_related("dimension")
        .prefetch_related(
            "options",
            Prefetch("scheme", queryset=AnswerScheme.objects.prefetch_related("options")),
            Prefetch("obligations", queryset=Obligation.objects.only("id")),
        )
        .order_by("order")
    )
    by_pk = {o.pk: o for o in obligations.values()}
    for question in questions:
        # one instance per obligation (with its tiers etc.), shared by the questions that evidence it
        linked = question._prefetched_objects_cache["obligations"]
        linked._result_cache = [by_pk[o.pk] for o in linked._result_cache]
    return RoleContent(
        version=version,
        role=role,
        questions=questions,
        obligations=obligations,
        by_id={q.pk: q for q in questions},
        by_code={q.code: q for q in questions},
        tier_ids={
            q.pk: frozenset(t.pk for o in q.obligations.all() for t in o.tiers.all()) for q in questions
        },
    )


def version_content(version: GuidelineVersion) -> VersionContent:
    """A version's shared content: kept for a published version, read afresh for a draft."""
    if not version.is_published:
        return _read_version(version)
    key = (version.pk, version.content_digest)
    content = _versions.get(key)
    if content is None:
        with _lock:
            content = _versions.get(key)
            if content is None:
                content = _versions[key] = _read_version(version)
    return content


def role_content(version: GuidelineVersion, role_id: int) -> RoleContent:
    """One role's content in a version: kept for a published version, read afresh for a draft."""
    shared = version_content(version)
    role = next((r for r in shared.roles if r.pk == role_id), None)
    if role is None:
        raise Role.DoesNotExist(f"Role {role_id} is not part of {version.code}")
    if not version.is_published:
        return _read_role(shared, role)
    key = (version.pk, version.content_digest, role_id)
    content = _roles.get(key)
    if content is None:
        with _lock:
            content = _roles.get(key)
            if content is None:
                content = _roles[key] = _read_role(shared, role)
    return content


def warm() -> int:
    """Read every published version's content now (a server does it before forking its workers).
    Returns how many role questionnaires are kept."""
    for version in GuidelineVersion.objects.published():
        for role in version_content(version).roles:
            role_content(version, role.pk)
    return len(_roles)
