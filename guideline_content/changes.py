"""What changed between two published versions, for the public page and `diff_guideline`.

The comparison reads the versions' data directories (pure YAML, the same files the loader loaded)
and is kept per process: a published version is frozen, so the files of a published row are checked
once against its content digest, and a comparison of two frozen versions never changes. A draft is
never compared here (the page offers published versions only) and never kept.
"""

import threading
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guideline_content import loader
from guideline_content.diff import Comparison, as_lines, compare
from guideline_content.models import GuidelineVersion
from guideline_content.validation import ContentInvalid, GuidelineBundle, read_version

ITEM_LABELS = {
    "version": _("The guideline edition"),
    "reference": _("Reference"),
    "role": _("Stakeholder role"),
    "dimension": _("Governance dimension"),
    "principle": _("Governance principle"),
    "risk tier": _("Risk tier"),
    "risk": _("Risk"),
    "answer scheme": _("Answer scheme"),
    "triage question": _("Triage question"),
    "tier rule": _("Tier rule (the portal's method)"),
    "topic": _("Topic"),
    "obligation": _("Recommendation"),
    "question": _("Question"),
}

KIND_LABELS = {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}

FIELD_LABELS = {
    "statement": _("Recommendation"),
    "rationale": _("Why it matters"),
    "text": _("Question"),
    "help": _("What good looks like"),
    "evidence_examples": _("Examples of evidence"),
    "scheme": _("Answer scheme"),
    "options": _("Answer options (score)"),
    "weight": _("Weight"),
    "allow_na": _("“Not applicable” allowed"),
    "applies_when": _("Applies when (triage facts)"),
    "obligations": _("Recommendations it evidences"),
    "criticality": _("Criticality"),
    "tiers": _("Risk tiers"),
    "dimensions": _("Dimensions"),
    "principles": _("Principles"),
    "risks": _("Risks"),
    "sectors": _("Sectors"),
    "crosswalks": _("Mappings to other frameworks (the portal's own)"),
    "section": _("Guideline section"),
    "topic": _("Topic"),
    "title": _("Title"),
    "name": _("Name"),
    "summary": _("Summary"),
    "definition": _("Definition"),
    "focus": _("Focus"),
    "examples": _("Examples"),
    "measures": _("Measures"),
    "reason": _("Reason shown"),
    "tier": _("Tier"),
    "when": _("Condition"),
    "kind": _("Kind"),
    "rank": _("Rank"),
    "category": _("Category"),
    "description": _("Description"),
    "label": _("Label"),
    "legal_nature": _("Legal nature"),
    "tier_strategy_heading": _("Heading of the tier measures"),
    "publisher": _("Publisher"),
    "method_note": _("Triage method note"),
    "default_tier": _("Default tier"),
    "default_reason": _("Reason for the default tier"),
}


class ChangesUnavailable(Exception):
    """The comparison asked for cannot be made; `status` is the HTTP status a page should answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class VersionPair:
    old: GuidelineVersion
    new: GuidelineVersion
    comparison: Comparison


_lock = threading.Lock()
_bundles: dict[tuple[str, str], GuidelineBundle] = {}
_comparisons: dict[tuple[str, str], Comparison] = {}


def clear() -> None:
    with _lock:
        _bundles.clear()
        _comparisons.clear()


def language() -> str:
    """The content language of the request: "en" or "zh_hant"."""
    return "zh_hant" if (get_language() or "en").lower().startswith("zh") else "en"


def _bundle(version: GuidelineVersion) -> GuidelineBundle:
    key = (version.code, version.content_digest)
    bundle = _bundles.get(key)
    if bundle is None:
        try:
            bundle = read_version(loader.DATA_DIR / version.code)
        except ContentInvalid as exc:
            raise ChangesUnavailable(
                _("The files of %(code)s cannot be read on this server.") % {"code": version.code}, 404
            ) from exc
        if loader.content_digest(bundle) != version.content_digest:
            raise ChangesUnavailable(
                _("The files of %(code)s on this server differ from what was published.")
                % {"code": version.code},
                404,
            )
        with _lock:
            _bundles[key] = bundle
    return bundle


def published_pair(*, old_code: str, new_code: str, versions: list[GuidelineVersion]) -> VersionPair:
    """The comparison of two published versions, given the list of published versions.

    Raises ChangesUnavailable (400: a code missing or the same twice or in the wrong order; 404: a code
    that is not a published version).
    """
    if not old_code or not new_code:
        raise ChangesUnavailable(_("Name the two versions to compare: ?from=<code>&to=<code>."))
    by_code = {v.code: v for v in versions}
    for code in (old_code, new_code):
        if code not in by_code:
            raise ChangesUnavailable(_("“%(code)s” is not a published version.") % {"code": code[:60]}, 404)
    old, new = by_code[old_code], by_code[new_code]
    if old.pk == new.pk:
        raise ChangesUnavailable(_("Choose two different versions."))
    if not new.is_newer_than(old):
        raise ChangesUnavailable(_("“from” must be the older version and “to” the newer one."))
    key = (old.content_digest, new.content_digest)
    comparison = _comparisons.get(key)
    if comparison is None:
        comparison = compare(_bundle(old), _bundle(new))
        with _lock:
            _comparisons[key] = comparison
    return VersionPair(old, new, comparison)


@dataclass(frozen=True)
class ShownField:
    label: str
    before: list[str]
    after: list[str]


@dataclass(frozen=True)
class ShownChange:
    kind: str
    kind_label: str
    item_label: str
    code: str
    headline: str
    fields: list[ShownField]
    recheck: bool  # a question whose carried answers are marked "check again"


@dataclass(frozen=True)
class ShownSection:
    section: str
    changes: list[ShownChange]


@dataclass(frozen=True)
class ShownRole:
    code: str
    name: str
    sections: list[ShownSection]


@dataclass(frozen=True)
class ShownQuestion:
    code: str
    text: str


@dataclass(frozen=True)
class ShownCarry:
    role: str
    recheck: list[ShownQuestion]
    dropped: list[ShownQuestion]
    new: list[ShownQuestion]
    kept: int


def present(comparison: Comparison, lang: str) -> tuple[list[ShownRole], list[ShownCarry]]:
    """The comparison in one language: changes by role and section, and the copy-forward summary."""
    roles = {r.code: r.name.model_dump()[lang] for r in comparison.new.framework.roles}
    general = str(_("The guideline as a whole, the answer schemes and the triage"))
    recheck = {code for codes in comparison.carried.recheck.values() for code in codes}
    shown: list[ShownRole] = []
    for role, section, items in comparison.groups():
        if not shown or shown[-1].code != role:
            shown.append(ShownRole(role, roles.get(role, general), []))
        shown[-1].sections.append(
            ShownSection(
                section,
                [
                    ShownChange(
                        kind=c.kind,
                        kind_label=str(KIND_LABELS[c.kind]),
                        item_label=str(ITEM_LABELS.get(c.item, c.item)),
                        code=c.code,
                        headline=c.headline[lang],
                        fields=[
                            ShownField(
                                str(FIELD_LABELS.get(f.name, f.name)),
                                as_lines(f.before, lang),
                                as_lines(f.after, lang),
                            )
                            for f in c.fields
                        ],
                        recheck=c.item == "question" and c.code in recheck,
                    )
                    for c in items
                ],
            )
        )
    texts = {
        q.code: q.text.model_dump()[lang]
        for bundle in (comparison.old, comparison.new)
        for content in bundle.roles.values()
        for q in content.questions.questions
    }
    carried = comparison.carried
    carry = [
        ShownCarry(
            roles.get(role, role),
            [ShownQuestion(code, texts[code]) for code in carried.recheck[role]],
            [ShownQuestion(code, texts[code]) for code in carried.dropped[role]],
            [ShownQuestion(code, texts[code]) for code in carried.new[role]],
            carried.kept[role],
        )
        for role in carried.recheck
    ]
    return shown, carry
