"""Read a version directory and check it whole, before anything touches the database.

A directory is an edition (it has version.yaml and framework.yaml) or a questionnaire revision of
one (it has revision.yaml and inherits the edition's version.yaml and framework.yaml from the
sibling directory named by `edition`).

`read_version(path)` returns a `GuidelineBundle` or raises `ContentInvalid` listing every problem
as (file, item code, problem). Pure Python: no Django, so authors can run it on its own:

    python -m guideline_content.validation guideline_content/data/hk-genai-2025-12
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from guideline_content import schema
from guideline_content.schema import Condition, SchemeKind, TriageKind


@dataclass(frozen=True)
class ContentError:
    file: str
    code: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.file} [{self.code}]" if self.code else self.file
        return f"{where}: {self.problem}"


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class RoleContent:
    obligations: schema.ObligationsFile
    questions: schema.QuestionsFile


@dataclass
class GuidelineBundle:
    version: schema.GuidelineVersionFile
    framework: schema.FrameworkFile
    schemes: schema.SchemesFile
    triage: schema.TriageFile
    roles: dict[str, RoleContent] = field(default_factory=dict)
    revision: schema.RevisionFile | None = None  # None: the edition's own questionnaire (revision 1)

    @property
    def edition(self) -> str:
        return self.revision.edition if self.revision else self.version.code

    @property
    def revision_number(self) -> int:
        return self.revision.revision if self.revision else 1


def read_version(path: Path | str) -> GuidelineBundle:
    """Parse and cross-check one version directory. Raises ContentInvalid with every problem found."""
    reader = _Reader(Path(path))
    bundle = reader.read()
    if reader.errors:
        raise ContentInvalid(reader.errors)
    errors = list(_cross_check(bundle, directory_name=Path(path).name))
    if errors:
        raise ContentInvalid(errors)
    return bundle


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ContentError] = []

    def parse(self, relative: str, model: type[BaseModel], root: Path | None = None) -> Any:
        path = (root or self.root) / relative
        if root is not None:
            relative = f"{root.name}/{relative}"  # a file inherited from the edition's directory
        if not path.is_file():
            self.errors.append(ContentError(relative, "", "file is missing"))
            return None
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            self.errors.append(ContentError(relative, "", f"not valid YAML: {exc}"))
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            self.errors.extend(
                ContentError(relative, _item_code(raw, e["loc"]), _describe(e)) for e in exc.errors()
            )
            return None

    def read(self) -> GuidelineBundle | None:
        if not self.root.is_dir():
            self.errors.append(ContentError(str(self.root), "", "no such directory"))
            return None
        revision = None
        if (self.root / "revision.yaml").is_file():
            revision, version, framework = self.read_revision()
        else:
            version = self.parse("version.yaml", schema.GuidelineVersionFile)
            framework = self.parse("framework.yaml", schema.FrameworkFile)
        schemes = self.parse("schemes.yaml", schema.SchemesFile)
        triage = self.parse("triage.yaml", schema.TriageFile)
        if framework is None:
            return None
        roles = {}
        for role in framework.roles:
            obligations = self.parse(f"obligations/{role.code}.yaml", schema.ObligationsFile)
            questions = self.parse(f"questions/{role.code}.yaml", schema.QuestionsFile)
            if obligations and questions:
                roles[role.code] = RoleContent(obligations, questions)
        if None in (version, schemes, triage) or self.errors:
            return None
        return GuidelineBundle(version, framework, schemes, triage, roles, revision)

    def read_revision(self) -> tuple[Any, Any, Any]:
        """revision.yaml, and the edition's version.yaml (as this revision's) and framework.yaml."""
        revision = self.parse("revision.yaml", schema.RevisionFile)
        for inherited in ("version.yaml", "framework.yaml"):
            if (self.root / inherited).exists():
                self.errors.append(
                    ContentError(
                        inherited,
                        "",
                        "a questionnaire revision inherits this file from its edition and cannot "
                        "carry its own: remove it (the edition's text and framework never change)",
                    )
                )
        if revision is None:
            return None, None, None
        expected = f"{revision.edition}-r{revision.revision}"
        if self.root.name != expected:
            self.errors.append(
                ContentError(
                    "revision.yaml",
                    self.root.name,
                    f"revision {revision.revision} of {revision.edition} belongs in a directory "
                    f"named '{expected}'",
                )
            )
        edition_dir = self.root.parent / revision.edition
        if not (edition_dir / "version.yaml").is_file() or (edition_dir / "revision.yaml").exists():
            self.errors.append(
                ContentError(
                    "revision.yaml",
                    revision.edition,
                    f"edition '{revision.edition}' does not exist: no edition directory "
                    f"{edition_dir} with a version.yaml",
                )
            )
            return revision, None, None
        version = self.parse("version.yaml", schema.GuidelineVersionFile, root=edition_dir)
        framework = self.parse("framework.yaml", schema.FrameworkFile, root=edition_dir)
        if version is not None:
            version = version.model_copy(update={"code": self.root.name, "status": revision.status})
        return revision, version, framework


def _item_code(raw: Any, loc: tuple) -> str:
    """The `code` of the innermost listed item a pydantic error points into."""
    code, node = "", raw
    for step in loc:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("code"), str):
            code = node["code"]
    return code


def _describe(error: dict) -> str:
    loc = [str(step) for step in error["loc"] if not isinstance(step, int)]
    where = ".".join(loc)
    is_text = len(loc) > 1 and loc[-1] in ("en", "zh_hant")
    if is_text and (error["type"] in ("missing", "string_type") or "missing translation" in error["msg"]):
        return f"missing translation ({loc[-1]}) in {loc[-2]}"
    if error["type"] == "extra_forbidden":
        return f"unknown field '{loc[-1]}'"
    return f"{where}: {error['msg']}" if where else error["msg"]


def _duplicates(file: str, codes: Iterable[str]) -> Iterable[ContentError]:
    for code, count in Counter(codes).items():
        if count > 1:
            yield ContentError(file, code, f"duplicate code (used {count} times)")


def _unknown(file: str, code: str, kind: str, refs: Iterable[str], known: set[str]) -> Iterable[ContentError]:
    for ref in refs:
        if ref not in known:
            yield ContentError(file, code, f"unknown reference: {kind} '{ref}'")


def _cross_check(bundle: GuidelineBundle, *, directory_name: str) -> Iterable[ContentError]:
    fw, triage = bundle.framework, bundle.triage
    if bundle.version.code != directory_name:
        yield ContentError(
            "version.yaml", bundle.version.code, f"code differs from its directory '{directory_name}'"
        )
    for kind in ("roles", "dimensions", "principles", "risk_tiers", "risks"):
        yield from _duplicates("framework.yaml", (item.code for item in getattr(fw, kind)))
    yield from _duplicates("schemes.yaml", (s.code for s in bundle.schemes.schemes))
    yield from _duplicates("triage.yaml", (q.code for q in triage.questions))
    yield from _duplicates("triage.yaml", (r.code for r in triage.tier_rules))
    yield from _duplicates("version.yaml", (r.code for r in bundle.version.references))

    tiers = {t.code for t in fw.risk_tiers}
    facts = {q.code: q for q in triage.questions}
    schemes = {s.code: s for s in bundle.schemes.schemes}
    for rule in triage.tier_rules:
        yield from _unknown("triage.yaml", rule.code, "risk tier", [rule.tier], tiers)
        yield from _check_condition("triage.yaml", rule.code, rule.when, facts)
    yield from _unknown("triage.yaml", "default_tier", "risk tier", [triage.default_tier], tiers)

    sector_options = {o.code for o in facts["sector"].options} if "sector" in facts else set()
    known = {
        "dimension": {d.code for d in fw.dimensions},
        "principle": {p.code for p in fw.principles},
        "risk": {r.code for r in fw.risks},
        "risk tier": tiers,
        "sector": sector_options,
    }
    all_topics = [t.code for rc in bundle.roles.values() for t in rc.obligations.topics]
    all_obligations = [o.code for rc in bundle.roles.values() for o in rc.obligations.obligations]
    all_questions = [q.code for rc in bundle.roles.values() for q in rc.questions.questions]
    yield from _duplicates("obligations/*.yaml", all_topics)
    yield from _duplicates("obligations/*.yaml", all_obligations)
    yield from _duplicates("questions/*.yaml", all_questions)

    for role, content in bundle.roles.items():
        yield from _check_role(role, content, known, facts, schemes)


def _check_role(
    role: str, content: RoleContent, known: dict, facts: dict, schemes: dict
) -> Iterable[ContentError]:
    ob_file, q_file = f"obligations/{role}.yaml", f"questions/{role}.yaml"
    for file, declared in ((ob_file, content.obligations.role), (q_file, content.questions.role)):
        if declared != role:
            yield ContentError(file, declared, f"file declares role '{declared}' but belongs to '{role}'")
    topics = {t.code for t in content.obligations.topics}
    obligations = {o.code: o for o in content.obligations.obligations}
    for ob in obligations.values():
        yield from _unknown(ob_file, ob.code, "topic", [ob.topic], topics)
        yield from _unknown(ob_file, ob.code, "risk tier", ob.tiers, known["risk tier"])
        yield from _unknown(ob_file, ob.code, "dimension", ob.dimensions, known["dimension"])
        yield from _unknown(ob_file, ob.code, "principle", ob.principles, known["principle"])
        yield from _unknown(ob_file, ob.code, "risk", ob.risks, known["risk"])
        yield from _unknown(ob_file, ob.code, "sector", ob.sectors, known["sector"])

    evidenced: set[str] = set()
    for q in content.questions.questions:
        if not q.obligations:
            yield ContentError(q_file, q.code, "question evidences no obligation")
        yield from _unknown(q_file, q.code, f"{role} obligation", q.obligations, set(obligations))
        evidenced.update(q.obligations)
        yield from _unknown(q_file, q.code, "dimension", [q.dimension], known["dimension"])
        own_dimensions = {
            d for code in q.obligations if code in obligations for d in obligations[code].dimensions
        }
        if q.dimension in known["dimension"] and own_dimensions and q.dimension not in own_dimensions:
            yield ContentError(
                q_file, q.code, f"dimension '{q.dimension}' is not among its obligations' dimensions"
            )
        if q.scheme not in schemes:
            yield ContentError(q_file, q.code, f"unknown answer scheme '{q.scheme}'")
        else:
            yield from _check_options(q_file, q, schemes[q.scheme])
        if q.applies_when is not None:
            yield from _check_condition(q_file, q.code, q.applies_when, facts)
    for code in obligations:
        if code not in evidenced:
            yield ContentError(ob_file, code, "obligation has no question")
    scored = {
        code
        for q in content.questions.questions
        if q.scheme in schemes and schemes[q.scheme].kind != SchemeKind.TEXT
        for code in q.obligations
    }
    for code, ob in obligations.items():
        if ob.unscored_reason is not None and code in scored:
            yield ContentError(ob_file, code, "has an unscored_reason but a scored question evidences it")


def _check_options(file: str, q: schema.Question, scheme: schema.AnswerScheme) -> Iterable[ContentError]:
    if scheme.kind != SchemeKind.CHOICE:
        if q.options:
            yield ContentError(file, q.code, f"options are only for choice questions, not '{scheme.code}'")
        return
    if len(q.options) < 2:
        yield ContentError(file, q.code, "a choice question needs at least two options")
    yield from _duplicates(file, (o.code for o in q.options))
    for option in q.options:
        if option.score is None:
            yield ContentError(file, q.code, f"option '{option.code}' has no score")


def _check_condition(file: str, code: str, condition: Condition, facts: dict) -> Iterable[ContentError]:
    for fact in sorted(condition.facts() - set(facts)):
        yield ContentError(file, code, f"unknown reference: triage fact '{fact}'")
    for fact, option in condition.option_refs():
        question = facts.get(fact)
        if question is None:
            continue
        if question.kind == TriageKind.BOOLEAN:
            yield ContentError(file, code, f"fact '{fact}' is yes/no: test it with 'is', not 'in'")
        elif option not in {o.code for o in question.options}:
            yield ContentError(file, code, f"unknown reference: option '{option}' of triage fact '{fact}'")
    yield from _check_bare_choice(file, code, condition, facts)


def _check_bare_choice(file: str, code: str, condition: Condition, facts: dict) -> Iterable[ContentError]:
    if condition.fact is not None:
        question = facts.get(condition.fact)
        if question and question.kind != TriageKind.BOOLEAN and condition.in_ is None:
            yield ContentError(file, code, f"fact '{condition.fact}' is a choice: test it with 'in'")
        return
    for child in condition.all or condition.any or ([condition.not_] if condition.not_ else []):
        yield from _check_bare_choice(file, code, child, facts)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m guideline_content.validation <version-directory>", file=sys.stderr)
        return 2
    try:
        bundle = read_version(argv[0])
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s); nothing would be loaded.", file=sys.stderr)
        return 1
    for role, content in bundle.roles.items():
        obligations, questions = len(content.obligations.obligations), len(content.questions.questions)
        print(f"{role}: {obligations} obligations, {questions} questions")
    print(f"{bundle.version.code} ({bundle.edition}, questionnaire revision {bundle.revision_number}): valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
