"""Load a validated version directory into the database, in one transaction.

Identical content (same digest) is a no-op, so `make run` can load every start. A draft version is
replaced wholesale. A published version is frozen: changed content is refused, because assessments
must keep pointing at exactly the text they were answered against. The one change a published
version takes in place is allowing "not applicable" on more questions: it alters no text, option or
score, and every stored answer stays valid (withdrawing N/A would not, and is refused).
"""

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from guideline_content import models as m
from guideline_content import schema
from guideline_content.validation import GuidelineBundle, read_version

DATA_DIR = Path(__file__).resolve().parent / "data"


class VersionFrozen(Exception):
    pass


class RevisionRefused(Exception):
    """A questionnaire revision that cannot be loaded as it stands (nothing was written)."""


@dataclass(frozen=True)
class LoadResult:
    code: str
    outcome: str  # "created", "replaced", "amended" (N/A newly allowed) or "unchanged"
    obligations: int
    questions: int


def version_directory(code_or_path: str) -> Path:
    """A path as given, or the shipped directory of a version code."""
    path = Path(code_or_path)
    return path if path.is_dir() or "/" in code_or_path else DATA_DIR / code_or_path


def shipped_version_dirs() -> list[Path]:
    """Every shipped edition, then every questionnaire revision (a revision needs its edition loaded)."""
    editions = sorted(p for p in DATA_DIR.iterdir() if (p / "version.yaml").is_file())
    revisions = sorted(
        (p for p in DATA_DIR.iterdir() if (p / "revision.yaml").is_file() and p not in editions),
        key=lambda p: (p.name.rsplit("-r", 1)[0], len(p.name), p.name),
    )
    return editions + revisions


def content_digest(bundle: GuidelineBundle) -> str:
    payload = {
        "version": bundle.version.model_dump(mode="json"),
        "framework": bundle.framework.model_dump(mode="json"),
        "schemes": bundle.schemes.model_dump(mode="json"),
        "triage": bundle.triage.model_dump(mode="json"),
        "roles": {
            role: [_obligations_payload(content.obligations), content.questions.model_dump(mode="json")]
            for role, content in sorted(bundle.roles.items())
        },
    }
    if bundle.revision is not None:  # an edition's digest stays what it was before revisions existed
        payload["revision"] = bundle.revision.model_dump(mode="json")
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# Keys added to obligations after editions were published; left out while unset, so that adding
# them to the schema does not change (and so unfreeze or refuse) an already loaded version's digest.
_LATER_OPTIONAL_KEYS = {"crosswalks": [], "unscored_reason": None}


def _obligations_payload(data: schema.ObligationsFile) -> dict:
    payload = data.model_dump(mode="json")
    for item in payload["obligations"]:
        for key, unset in _LATER_OPTIONAL_KEYS.items():
            if item.get(key) == unset:
                del item[key]
    return payload


def load_guideline(*, path: Path | str) -> LoadResult:
    """Validate the directory, then create, replace or keep its version.

    Raises validation.ContentInvalid (nothing loaded), VersionFrozen (published and changed) or
    RevisionRefused (a revision whose edition is not loaded, or whose number another row has).
    """
    bundle = read_version(path)
    digest = content_digest(bundle)
    counts = (
        sum(len(c.obligations.obligations) for c in bundle.roles.values()),
        sum(len(c.questions.questions) for c in bundle.roles.values()),
    )
    with transaction.atomic():
        existing = m.GuidelineVersion.objects.select_for_update().filter(code=bundle.version.code).first()
        if bundle.revision is not None:
            _check_revision(bundle)
        if existing and existing.content_digest == digest:
            return LoadResult(existing.code, "unchanged", *counts)
        if existing and existing.is_published:
            opened = _newly_allowed_na(existing, bundle)
            if opened is None:
                raise VersionFrozen(
                    f"{existing.code} is published and frozen: its files changed since it was loaded. "
                    "Publish the change as a new version directory instead (only allowing "
                    "'not applicable' on more questions can change a published version)."
                )
            m.Question.objects.filter(version=existing, code__in=opened).update(allow_na=True)
            existing.content_digest = digest
            existing.save(update_fields=["content_digest", "loaded_at"])
            return LoadResult(existing.code, "amended", *counts)
        outcome = "replaced" if existing else "created"
        version = _save_version(existing, bundle, digest)
        _ContentWriter(version, bundle).write()
    return LoadResult(version.code, outcome, *counts)


def _check_revision(bundle: GuidelineBundle) -> None:
    revision = bundle.revision
    edition = m.GuidelineVersion.objects.filter(code=revision.edition, revision=1).first()
    if edition is None:
        raise RevisionRefused(
            f"{bundle.version.code}: edition {revision.edition} is not loaded; load it before its revisions."
        )
    if revision.status == schema.VersionStatus.PUBLISHED and not edition.is_published:
        raise RevisionRefused(
            f"{bundle.version.code}: a published revision needs a published edition; "
            f"{revision.edition} is a draft."
        )
    taken = (
        m.GuidelineVersion.objects.filter(edition=revision.edition, revision=revision.revision)
        .exclude(code=bundle.version.code)
        .first()
    )
    if taken is not None:
        raise RevisionRefused(
            f"{bundle.version.code}: {revision.edition} already has questionnaire revision "
            f"{revision.revision} ({taken.code}); number the new revision after the newest one."
        )


def _newly_allowed_na(existing: m.GuidelineVersion, bundle: GuidelineBundle) -> set[str] | None:
    """The codes of questions on which the files newly allow N/A, if that is all that changed; else None."""
    stored = dict(m.Question.objects.filter(version=existing).values_list("code", "allow_na"))
    if content_digest(_with_allow_na(bundle, stored)) != existing.content_digest:
        return None  # something besides N/A changed (or a question was added or removed)
    wanted = {q.code: q.allow_na for content in bundle.roles.values() for q in content.questions.questions}
    if any(allowed and not wanted[code] for code, allowed in stored.items()):
        return None  # withdrawing N/A would leave stored N/A answers that the question no longer allows
    return {code for code, allowed in wanted.items() if allowed and not stored[code]}


def _with_allow_na(bundle: GuidelineBundle, allow_na: dict[str, bool]) -> GuidelineBundle:
    """A copy of the bundle with each question's allow_na as given (by code)."""

    def questions(content):
        updated = [
            q.model_copy(update={"allow_na": allow_na.get(q.code, q.allow_na)}) for q in content.questions
        ]
        return content.model_copy(update={"questions": updated})

    roles = {
        role: dataclasses.replace(content, questions=questions(content.questions))
        for role, content in bundle.roles.items()
    }
    return dataclasses.replace(bundle, roles=roles)


def _texts(field: str, text: schema.Text | None) -> dict[str, str]:
    if text is None:
        return {f"{field}_en": "", f"{field}_zh_hant": ""}
    return {f"{field}_en": text.en, f"{field}_zh_hant": text.zh_hant}


def _lines(field: str, texts: list[schema.Text]) -> dict[str, str]:
    return {
        f"{field}_en": "\n".join(t.en for t in texts),
        f"{field}_zh_hant": "\n".join(t.zh_hant for t in texts),
    }


def _save_version(existing, bundle: GuidelineBundle, digest: str):
    data, triage, revision = bundle.version, bundle.triage, bundle.revision
    version = existing or m.GuidelineVersion(code=data.code)
    if existing:
        # A draft is replaced whole; its rows go first (the default tier is one of them).
        version.default_tier = None
        version.save(update_fields=["default_tier"])
        for model in (
            m.TierRule,
            m.TriageQuestion,
            m.Question,
            m.AnswerScheme,
            m.Obligation,
            m.Topic,
            m.Risk,
            m.RiskTier,
            m.Principle,
            m.Dimension,
            m.Role,
            m.Reference,
        ):
            model.objects.filter(version=version).delete()
    fields = {
        **_texts("title", data.title),
        **_texts("publisher", data.publisher),
        **_texts("summary", data.summary),
        **_texts("legal_nature", data.legal_nature),
        **_texts("tier_strategy_heading", data.tier_strategy_heading),
        **_texts("triage_method_note", triage.method_note),
        **_texts("default_tier_reason", triage.default_reason),
        **_texts("revision_notes", revision.notes if revision else None),
        "edition": bundle.edition,
        "revision": bundle.revision_number,
        "revision_published_on": revision.published_on if revision else None,
        "label": data.label,
        "published_on": data.published_on,
        "source_url": data.source_url,
        "status": data.status.value,
        "content_digest": digest,
    }
    for name, value in fields.items():
        setattr(version, name, value)
    version.save()
    return version


class _ContentWriter:
    """Writes one bundle's rows with bulk inserts: a version is a few hundred rows."""

    def __init__(self, version: m.GuidelineVersion, bundle: GuidelineBundle):
        self.version = version
        self.bundle = bundle

    def bulk(self, model, items: list[tuple[object, dict]]) -> dict[str, object]:
        rows = [
            model(version=self.version, code=item.code, order=i, **fields)
            for i, (item, fields) in enumerate(items)
        ]
        return {row.code: row for row in model.objects.bulk_create(rows)}

    def write(self) -> None:
        fw, bundle = self.bundle.framework, self.bundle
        self.bulk(m.Reference, [(r, _texts("title", r.title)) for r in bundle.version.references])
        roles = self.bulk(
            m.Role,
            [
                (
                    r,
                    {
                        **_texts("name", r.name),
                        **_texts("definition", r.definition),
                        **_texts("focus", r.focus),
                        "section": r.section,
                    },
                )
                for r in fw.roles
            ],
        )
        dimensions = self.bulk(
            m.Dimension,
            [
                (d, {**_texts("name", d.name), **_texts("summary", d.summary), "section": d.section})
                for d in fw.dimensions
            ],
        )
        principles = self.bulk(
            m.Principle,
            [
                (p, {**_texts("name", p.name), **_texts("summary", p.summary), "section": p.section})
                for p in fw.principles
            ],
        )
        tiers = self.bulk(
            m.RiskTier,
            [
                (
                    t,
                    {
                        **_texts("name", t.name),
                        **_texts("definition", t.definition),
                        **_texts("examples", t.examples),
                        **_lines("measures", t.measures),
                        "rank": t.rank,
                        "section": t.section,
                    },
                )
                for t in fw.risk_tiers
            ],
        )
        risks = self.bulk(
            m.Risk,
            [
                (
                    r,
                    {
                        **_texts("name", r.name),
                        **_texts("description", r.description),
                        "category": r.category.value,
                        "section": r.section,
                    },
                )
                for r in fw.risks
            ],
        )
        self.version.default_tier = tiers[bundle.triage.default_tier]
        self.version.save(update_fields=["default_tier"])
        self.write_triage(tiers)
        schemes = self.bulk(
            m.AnswerScheme,
            [(s, {**_texts("name", s.name), "kind": s.kind.value}) for s in bundle.schemes.schemes],
        )
        m.AnswerOption.objects.bulk_create(
            _option(o, i, scheme=schemes[s.code])
            for s in bundle.schemes.schemes
            for i, o in enumerate(s.options)
        )
        for role_code, content in bundle.roles.items():
            role = roles[role_code]
            obligations = self.write_obligations(
                role, content.obligations, tiers, dimensions, principles, risks
            )
            self.write_questions(role, content.questions, obligations, dimensions, schemes)

    def write_triage(self, tiers: dict) -> None:
        triage = self.bundle.triage
        questions = self.bulk(
            m.TriageQuestion,
            [
                (q, {**_texts("text", q.text), **_texts("help", q.help), "kind": q.kind.value})
                for q in triage.questions
            ],
        )
        m.TriageOption.objects.bulk_create(
            m.TriageOption(question=questions[q.code], code=o.code, order=i, **_texts("label", o.label))
            for q in triage.questions
            for i, o in enumerate(q.options)
        )
        self.bulk(
            m.TierRule,
            [
                (r, {**_texts("reason", r.reason), "tier": tiers[r.tier], "when": r.when.as_data()})
                for r in triage.tier_rules
            ],
        )

    def write_obligations(
        self, role, data: schema.ObligationsFile, tiers, dimensions, principles, risks
    ) -> dict:
        topics = self.bulk(
            m.Topic,
            [(t, {**_texts("title", t.title), "role": role, "section": t.section}) for t in data.topics],
        )
        obligations = self.bulk(
            m.Obligation,
            [
                (
                    o,
                    {
                        **_texts("statement", o.statement),
                        **_texts("rationale", o.rationale),
                        "role": role,
                        "topic": topics[o.topic],
                        "section": o.section,
                        "criticality": o.criticality.value,
                        "sectors": list(o.sectors),
                        "crosswalks": [c.model_dump(mode="json", exclude_none=True) for c in o.crosswalks],
                        **_texts("unscored_reason", o.unscored_reason),
                    },
                )
                for o in data.obligations
            ],
        )
        for field, targets, attr in (
            ("tiers", tiers, "tiers"),
            ("dimensions", dimensions, "dimensions"),
            ("principles", principles, "principles"),
            ("risks", risks, "risks"),
        ):
            through = getattr(m.Obligation, field).through
            target_id = f"{targets[next(iter(targets))]._meta.model_name}_id"
            through.objects.bulk_create(
                through(obligation_id=obligations[o.code].pk, **{target_id: targets[code].pk})
                for o in data.obligations
                for code in getattr(o, attr)
            )
        return obligations

    def write_questions(self, role, data: schema.QuestionsFile, obligations, dimensions, schemes) -> None:
        questions = self.bulk(
            m.Question,
            [
                (
                    q,
                    {
                        **_texts("text", q.text),
                        **_texts("help", q.help),
                        **_lines("evidence_examples", q.evidence_examples),
                        "role": role,
                        "dimension": dimensions[q.dimension],
                        "scheme": schemes[q.scheme],
                        "weight": q.weight,
                        "allow_na": q.allow_na,
                        "applies_when": q.applies_when.as_data() if q.applies_when else None,
                    },
                )
                for q in data.questions
            ],
        )
        m.AnswerOption.objects.bulk_create(
            _option(o, i, question=questions[q.code]) for q in data.questions for i, o in enumerate(q.options)
        )
        through = m.Question.obligations.through
        through.objects.bulk_create(
            through(question_id=questions[q.code].pk, obligation_id=obligations[code].pk)
            for q in data.questions
            for code in q.obligations
        )


def _option(option: schema.Option, order: int, **owner) -> m.AnswerOption:
    return m.AnswerOption(
        code=option.code,
        order=order,
        score=option.score,
        **owner,
        **_texts("label", option.label),
        **_texts("description", option.description),
    )
