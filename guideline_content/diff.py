"""What changed between two guideline versions (editions or questionnaire revisions), compared item by
item through their stable codes."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from guideline_content import schema
from guideline_content.validation import GuidelineBundle

# Fields that identify a version rather than describe its content.
_VERSION_IDENTITY = {"code", "label", "published_on", "source_url", "summary", "status"}


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    item: str  # "obligation", "question", ...
    code: str
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        detail = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.kind:<8} {self.item:<16} {self.code}{detail}"


def _items(bundle: GuidelineBundle) -> Iterator[tuple[str, Iterable[BaseModel]]]:
    fw = bundle.framework
    yield "reference", bundle.version.references
    yield "role", fw.roles
    yield "dimension", fw.dimensions
    yield "principle", fw.principles
    yield "risk tier", fw.risk_tiers
    yield "risk", fw.risks
    yield "answer scheme", bundle.schemes.schemes
    yield "triage question", bundle.triage.questions
    yield "tier rule", bundle.triage.tier_rules
    yield "topic", [t for c in bundle.roles.values() for t in c.obligations.topics]
    yield "obligation", [o for c in bundle.roles.values() for o in c.obligations.obligations]
    yield "question", [q for c in bundle.roles.values() for q in c.questions.questions]


def _changed_fields(old: BaseModel, new: BaseModel, ignore: set[str] = frozenset()) -> tuple[str, ...]:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return tuple(name for name in before if name not in ignore and before[name] != after[name])


def diff_versions(old: GuidelineBundle, new: GuidelineBundle) -> list[Change]:
    """Every item added, removed or changed from `old` to `new`, by code, in content order."""
    changes: list[Change] = []
    version_fields = _changed_fields(old.version, new.version, ignore=_VERSION_IDENTITY | {"references"})
    triage_fields = _changed_fields(old.triage, new.triage, ignore={"questions", "tier_rules"})
    if version_fields or triage_fields:
        changes.append(Change("changed", "version", new.version.code, version_fields + triage_fields))
    old_items = dict(_items(old))
    for item, new_list in _items(new):
        before = {x.code: x for x in old_items[item]}
        after = {x.code: x for x in new_list}
        changes.extend(Change("removed", item, code) for code in before if code not in after)
        for code, value in after.items():
            if code not in before:
                changes.append(Change("added", item, code))
            elif fields := _changed_fields(before[code], value):
                changes.append(Change("changed", item, code, fields))
    return changes


# ---------------------------------------------------------------- a readable comparison
#
# The same comparison, item by item, with each changed field's value before and after, placed under
# its role and guideline section, and with what copy-forward does to an assessment carried onto the
# newer version. Pure Python (no Django), so `diff_guideline` and the public page share it.

_FRAMEWORK_KINDS = {"reference", "role", "dimension", "principle", "risk tier", "risk"}
LANGUAGES = ("en", "zh_hant")


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: object  # as dumped by pydantic (mode="json"): a Text is {"en": ..., "zh_hant": ...}
    after: object


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "added", "removed", "changed"
    item: str
    code: str
    role: str  # role code, or "" for the framework, the answer schemes and the triage
    section: str  # the guideline section it belongs to ("" when it has none)
    headline: dict  # the item's own text (statement, question, name...) as {"en": ..., "zh_hant": ...}
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class CarriedForward:
    """What copy-forward does to the answers of an assessment copied from `old` onto `new`, by role."""

    recheck: dict[str, list[str]]  # role -> question codes whose answers are marked "check again"
    dropped: dict[str, list[str]]  # role -> question codes that no longer exist: answers not carried
    new: dict[str, list[str]]  # role -> question codes with no earlier answer
    kept: dict[str, int]  # role -> number of answers carried over unchanged


@dataclass(frozen=True)
class Comparison:
    old: GuidelineBundle
    new: GuidelineBundle
    changes: tuple[ItemChange, ...]
    carried: CarriedForward

    def groups(self) -> list[tuple[str, str, list[ItemChange]]]:
        """(role, section, changes) in the order of the new version's roles, then by section."""
        roles = [r.code for r in self.new.framework.roles]
        grouped: dict[tuple[str, str], list[ItemChange]] = {}
        for change in self.changes:
            grouped.setdefault((change.role, change.section), []).append(change)
        order = {code: i for i, code in enumerate(["", *roles])}
        return [
            (role, section, items)
            for (role, section), items in sorted(
                grouped.items(), key=lambda kv: (order.get(kv[0][0], 99), _section_key(kv[0][1]))
            )
        ]


def _section_key(section: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in section.replace("App.", "9999.").split("."))


def question_signature(question: schema.Question, schemes: dict[str, schema.AnswerScheme]) -> tuple:
    """What copy-forward compares to decide that an answer must be checked again; the same fields
    as assessments.services.assessments._question_signature reads from the database."""
    options = question.options or schemes[question.scheme].options
    return (
        question.text.en,
        question.text.zh_hant,
        question.help.en,
        question.help.zh_hant,
        question.scheme,
        tuple((o.code, o.score) for o in options),
        question.applies_when.as_data() if question.applies_when else None,
        question.allow_na,
        tuple(sorted(question.obligations)),
    )


def _placement(bundle: GuidelineBundle) -> dict[tuple[str, str], tuple[str, str]]:
    """(item, code) -> (role, section) for every item of a bundle."""
    placed: dict[tuple[str, str], tuple[str, str]] = {}
    for item, values in _items(bundle):
        if item in ("topic", "obligation", "question"):
            continue
        for value in values:
            placed[(item, value.code)] = ("", getattr(value, "section", ""))
    for role, content in bundle.roles.items():
        sections = {o.code: o.section for o in content.obligations.obligations}
        for topic in content.obligations.topics:
            placed[("topic", topic.code)] = (role, topic.section)
        for obligation in content.obligations.obligations:
            placed[("obligation", obligation.code)] = (role, obligation.section)
        for question in content.questions.questions:
            first = next((sections[c] for c in question.obligations if c in sections), "")
            placed[("question", question.code)] = (role, first)
    return placed


def _headline(value: BaseModel) -> dict:
    for name in ("statement", "text", "title", "name", "reason"):
        text = getattr(value, name, None)
        if isinstance(text, schema.Text):
            return text.model_dump()
    return {"en": value.code, "zh_hant": value.code}


def compare(old: GuidelineBundle, new: GuidelineBundle) -> Comparison:
    """Every change from `old` to `new` with its values before and after, and what copy-forward does."""
    before_items, after_items = dict(_items(old)), dict(_items(new))
    placed_old, placed_new = _placement(old), _placement(new)
    changes: list[ItemChange] = []
    for change in diff_versions(old, new):
        if change.item == "version":
            fields = []
            for name in change.fields:
                source = "triage" if name in type(new.triage).model_fields else "version"
                fields.append(
                    FieldChange(
                        name,
                        getattr(old, source).model_dump(mode="json")[name],
                        getattr(new, source).model_dump(mode="json")[name],
                    )
                )
            headline = new.version.title.model_dump()
            changes.append(ItemChange("changed", "version", change.code, "", "", headline, tuple(fields)))
            continue
        was = {x.code: x for x in before_items[change.item]}.get(change.code)
        now = {x.code: x for x in after_items[change.item]}.get(change.code)
        role, section = placed_new.get((change.item, change.code)) or placed_old[(change.item, change.code)]
        if change.kind == "changed":
            dumped_old, dumped_new = was.model_dump(mode="json"), now.model_dump(mode="json")
            fields = tuple(FieldChange(n, dumped_old[n], dumped_new[n]) for n in change.fields)
        else:
            fields = ()
        changes.append(
            ItemChange(change.kind, change.item, change.code, role, section, _headline(now or was), fields)
        )
    return Comparison(old, new, tuple(changes), _carried_forward(old, new))


def _carried_forward(old: GuidelineBundle, new: GuidelineBundle) -> CarriedForward:
    old_schemes = {s.code: s for s in old.schemes.schemes}
    new_schemes = {s.code: s for s in new.schemes.schemes}
    recheck, dropped, added, kept = {}, {}, {}, {}
    for role, content in new.roles.items():
        before = {q.code: q for q in old.roles[role].questions.questions} if role in old.roles else {}
        after = {q.code: q for q in content.questions.questions}
        recheck[role] = [
            code
            for code, q in after.items()
            if code in before
            and question_signature(q, new_schemes) != question_signature(before[code], old_schemes)
        ]
        dropped[role] = [code for code in before if code not in after]
        added[role] = [code for code in after if code not in before]
        kept[role] = sum(1 for code in after if code in before) - len(recheck[role])
    return CarriedForward(recheck, dropped, added, kept)


def as_lines(value: object, language: str) -> list[str]:
    """A dumped field value as lines of text in `language` ("en" or "zh_hant")."""
    if value is None or value == [] or value == "":
        return []
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return [value[language]]
    if isinstance(value, list):
        lines: list[str] = []
        for entry in value:
            if isinstance(entry, dict) and "label" in entry:  # an answer option
                score = f" ({entry['score']})" if entry.get("score") is not None else ""
                lines.append(f"{entry['label'][language]}{score}")
            elif isinstance(entry, dict) and "framework" in entry:  # a crosswalk
                note = f": {entry['note'][language]}" if entry.get("note") else ""
                lines.append(f"{entry['framework']} {entry.get('ref', '')}{note}")
            elif isinstance(entry, dict) and set(entry) == set(LANGUAGES):
                lines.append(entry[language])
            else:
                lines.extend(as_lines(entry, language) if isinstance(entry, dict | list) else [str(entry)])
        return lines
    if isinstance(value, dict):
        return [json.dumps(value, ensure_ascii=False, sort_keys=True)]
    return [str(value)]
