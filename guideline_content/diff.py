"""What changed between two guideline versions, compared item by item through their stable codes."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

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
