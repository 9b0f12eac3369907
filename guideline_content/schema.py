"""The shape of one guideline version's data files, checked before anything is loaded.

A version lives in `guideline_content/data/<version-code>/`:

    version.yaml                 GuidelineVersionFile (an edition: revision 1 of its questionnaire)
    revision.yaml                RevisionFile (instead of version.yaml and framework.yaml, in a
                                 questionnaire revision `<edition>-r<N>/`, which inherits both)
    framework.yaml               FrameworkFile (roles, dimensions, principles, risk tiers, risks)
    schemes.yaml                 SchemesFile (answer schemes)
    triage.yaml                  TriageFile (triage questions and tier rules)
    obligations/<role>.yaml      ObligationsFile (one per stakeholder role)
    questions/<role>.yaml        QuestionsFile (one per stakeholder role)

This module checks each file on its own; `validation.py` checks the references between them.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in both of the portal's languages."""

    en: str
    zh_hant: str

    @field_validator("en", "zh_hant")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("missing translation (empty text)")
        return value.strip()


class Criticality(StrEnum):
    ESSENTIAL = "essential"
    IMPORTANT = "important"
    RECOMMENDED = "recommended"


class SchemeKind(StrEnum):
    YES_PARTLY_NO = "yes_partly_no"
    MATURITY = "maturity"
    CHOICE = "choice"
    TEXT = "text"


class RiskCategory(StrEnum):
    MODEL_LIMITATION = "model_limitation"  # §2.1.1
    SERVICE = "service"  # §2.1.2
    ILLICIT_USE = "illicit_use"  # §2.1.2, uses the law should bound
    LIFECYCLE = "lifecycle"  # §2.1.3
    GOVERNANCE = "governance"  # named under the five dimensions, §2.2


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# ---------------------------------------------------------------- version.yaml


class Reference(Strict):
    code: Code
    title: Text


class GuidelineVersionFile(Strict):
    code: Code
    label: str  # "1.1"
    title: Text
    publisher: Text
    published_on: datetime.date
    status: VersionStatus
    source_url: str = ""
    summary: Text  # what this version is, in the portal's words
    legal_nature: Text  # recommends rather than binds; how it compares itself abroad
    tier_strategy_heading: Text  # Table 1's measures column heading
    references: list[Reference] = []


# ---------------------------------------------------------------- revision.yaml


class RevisionFile(Strict):
    """A questionnaire revision N >= 2 of an edition: the portal's correction of its own questions,
    options, weights, mappings or triage. The edition's version.yaml and framework.yaml are the DPO's
    and are inherited unchanged."""

    edition: Code
    revision: int = Field(ge=2)  # revision 1 is the edition's own directory
    status: VersionStatus
    published_on: datetime.date  # when the portal published the revision
    notes: Text  # what changed and why, shown in the public revision history


# ---------------------------------------------------------------- framework.yaml


class Role(Strict):
    code: Code
    name: Text
    definition: Text
    focus: Text
    section: str


class Dimension(Strict):
    code: Code
    name: Text
    summary: Text
    section: str


class Principle(Strict):
    code: Code
    name: Text
    summary: Text
    section: str


class RiskTier(Strict):
    code: Code
    rank: int = Field(ge=1, le=9)  # higher is more severe
    name: Text
    definition: Text
    examples: Text
    measures: list[Text] = Field(min_length=1)
    section: str


class Risk(Strict):
    code: Code
    category: RiskCategory
    name: Text
    description: Text
    section: str


class FrameworkFile(Strict):
    roles: list[Role] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    principles: list[Principle] = Field(min_length=1)
    risk_tiers: list[RiskTier] = Field(min_length=1)
    risks: list[Risk] = Field(min_length=1)


# ---------------------------------------------------------------- schemes.yaml


class Option(Strict):
    code: Code
    label: Text
    description: Text | None = None
    # Fraction of the question's points this option earns; None means "not scored".
    score: Decimal | None = Field(default=None, ge=0, le=1)


class AnswerScheme(Strict):
    code: Code
    kind: SchemeKind
    name: Text
    # Fixed options for yes/partly/no and maturity; choice questions bring their own.
    options: list[Option] = []

    @model_validator(mode="after")
    def options_fit_kind(self) -> AnswerScheme:
        if self.kind in (SchemeKind.YES_PARTLY_NO, SchemeKind.MATURITY) and len(self.options) < 2:
            raise ValueError(f"a {self.kind} scheme needs its options")
        if self.kind in (SchemeKind.CHOICE, SchemeKind.TEXT) and self.options:
            raise ValueError(f"a {self.kind} scheme takes its options from each question")
        return self


class SchemesFile(Strict):
    schemes: list[AnswerScheme] = Field(min_length=1)


# ---------------------------------------------------------------- conditions


class Condition(Strict):
    """A test over triage facts. Exactly one form:

    {fact: X}                  boolean fact X is true
    {fact: X, is: false}       boolean fact X is false
    {fact: X, in: [a, b]}      choice fact X is one of the options (any of them, for multi-choice)
    {all: [...]} {any: [...]} {not: {...}}
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    fact: Code | None = None
    is_: bool | None = Field(default=None, alias="is")
    in_: list[Code] | None = Field(default=None, alias="in")
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def one_form(self) -> Condition:
        forms = [self.fact is not None, self.all is not None, self.any is not None, self.not_ is not None]
        if sum(forms) != 1:
            raise ValueError("a condition has exactly one of: fact, all, any, not")
        if self.fact is None and (self.is_ is not None or self.in_ is not None):
            raise ValueError("'is' and 'in' go with 'fact'")
        if self.is_ is not None and self.in_ is not None:
            raise ValueError("use either 'is' or 'in', not both")
        return self

    def facts(self) -> set[str]:
        """Every fact code the condition mentions."""
        if self.fact is not None:
            return {self.fact}
        children = self.all or self.any or ([self.not_] if self.not_ else [])
        return set().union(*(child.facts() for child in children))

    def option_refs(self) -> list[tuple[str, str]]:
        """(fact, option) pairs named by `in` tests."""
        if self.fact is not None:
            return [(self.fact, option) for option in self.in_ or []]
        children = self.all or self.any or ([self.not_] if self.not_ else [])
        return [ref for child in children for ref in child.option_refs()]

    def as_data(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


# ---------------------------------------------------------------- triage.yaml


class TriageKind(StrEnum):
    BOOLEAN = "boolean"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"


class TriageOption(Strict):
    code: Code
    label: Text


class TriageQuestion(Strict):
    code: Code  # also the name of the fact it sets
    kind: TriageKind
    text: Text
    help: Text
    options: list[TriageOption] = []

    @model_validator(mode="after")
    def options_fit_kind(self) -> TriageQuestion:
        if self.kind == TriageKind.BOOLEAN and self.options:
            raise ValueError("a boolean triage question has no options")
        if self.kind != TriageKind.BOOLEAN and len(self.options) < 2:
            raise ValueError("a choice triage question needs at least two options")
        return self


class TierRule(Strict):
    code: Code
    tier: Code
    when: Condition
    reason: Text  # shown to the user when the rule matches


class TriageFile(Strict):
    method_note: Text  # says openly that the rules are the portal's method, not the guideline's
    questions: list[TriageQuestion] = Field(min_length=1)
    tier_rules: list[TierRule] = Field(min_length=1)
    default_tier: Code
    default_reason: Text


# ---------------------------------------------------------------- obligations/<role>.yaml


class Topic(Strict):
    code: Code
    title: Text
    section: str


class CrosswalkFramework(StrEnum):
    """Frameworks the portal maps recommendations to. The mapping is the portal's, not the DPO's."""

    PCPD_MODEL_FRAMEWORK = "pcpd-ai-model-framework-2024"
    PDPO_DPP = "pdpo-dpp"
    DPO_ETHICAL_AI = "dpo-ethical-ai-framework"
    ISO_42001 = "iso-iec-42001-2023"
    NIST_AI_RMF = "nist-ai-rmf-1-0"


# What a reference may name in each framework; only parts the portal is confident of are allowed.
CROSSWALK_REFS: dict[CrosswalkFramework, str] = {
    CrosswalkFramework.PCPD_MODEL_FRAMEWORK: r"^Part (I|II|III|IV)$",
    CrosswalkFramework.PDPO_DPP: r"^DPP[1-6]$",
    CrosswalkFramework.DPO_ETHICAL_AI: (
        r"^(Transparency and Interpretability|Reliability, Robustness and Security"
        r"|Project Strategy|Project Planning|Project Ecosystem|Project Development"
        r"|System Deployment|System Operation and Monitoring)$"
    ),
    CrosswalkFramework.ISO_42001: r"^(([4-9]|10)(\.[1-9]){0,2}|A\.([2-9]|10)(\.[1-9]){0,1})$",
    CrosswalkFramework.NIST_AI_RMF: r"^(GOVERN|MAP|MEASURE|MANAGE)$",
}


class Crosswalk(Strict):
    """One recommendation's counterpart in another framework (the portal's own mapping)."""

    framework: CrosswalkFramework
    ref: str
    note: Text | None = None

    @model_validator(mode="after")
    def ref_fits_framework(self) -> Crosswalk:
        if not re.match(CROSSWALK_REFS[self.framework], self.ref):
            raise ValueError(f"{self.ref!r} is not a part of {self.framework.value} the portal maps to")
        return self


class Obligation(Strict):
    code: Code
    topic: Code
    statement: Text
    rationale: Text
    section: str
    criticality: Criticality
    tiers: list[Code] = Field(min_length=1)
    dimensions: list[Code] = Field(min_length=1)
    principles: list[Code] = Field(min_length=1)
    risks: list[Code] = []
    sectors: list[Code] = []  # sector-specific recommendations (Appendix §2.2.2)
    crosswalks: list[Crosswalk] = []
    # Why no scored question evidences this item, shown where unscored items are listed. Questionnaire
    # revisions give one for every such item (tested); validation.py refuses one on a scored item.
    unscored_reason: Text | None = None


class ObligationsFile(Strict):
    role: Code
    topics: list[Topic] = Field(min_length=1)
    obligations: list[Obligation] = Field(min_length=1)


# ---------------------------------------------------------------- questions/<role>.yaml


class Question(Strict):
    code: Code
    dimension: Code  # the questionnaire section it appears in
    obligations: list[Code] = []  # must not be empty: validation.py says so in words
    text: Text
    help: Text  # what good looks like
    evidence_examples: list[Text] = []
    scheme: Code
    options: list[Option] = []  # only for choice schemes
    weight: Decimal = Field(default=Decimal(1), gt=0, le=10)
    allow_na: bool = False
    applies_when: Condition | None = None


class QuestionsFile(Strict):
    role: Code
    questions: list[Question] = Field(min_length=1)
