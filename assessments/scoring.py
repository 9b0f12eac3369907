"""The portal's scoring method: pure functions, no database, no I/O.

The guideline gives no scoring method; this is the portal's own, documented in docs/scoring.md and
on the public method page. `score(...)` is a function of the answers, the guideline content and
METHOD_VERSION alone, so any stored result can be reproduced.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from guideline_content.triage import condition_holds

METHOD_VERSION = "2026.1"

CRITICALITY_WEIGHT = {"essential": Decimal(3), "important": Decimal(2), "recommended": Decimal(1)}
# An obligation scoring below its threshold is a gap.
GAP_THRESHOLD = {"essential": Decimal("0.75"), "important": Decimal("0.5"), "recommended": Decimal("0.5")}
# Rating bands on the overall score (0-100), best first.
BANDS = [("aligned", Decimal(80)), ("partly_aligned", Decimal(50)), ("not_aligned", Decimal(0))]
ESSENTIAL_CAP = Decimal("0.5")  # an essential obligation below this caps the rating one band lower
SEVERITIES = ["low", "medium", "high", "critical"]
BASE_SEVERITY = {"essential": "high", "important": "medium", "recommended": "low"}
RAISING_TIERS = {"high", "unacceptable"}  # in these tiers every gap is one severity higher

ONE = Decimal(1)
ZERO = Decimal(0)


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class QuestionIn:
    code: str
    obligations: tuple[str, ...]
    weight: Decimal
    option_scores: Mapping[str, Decimal | None]  # option code -> fraction; empty for free text
    applies_when: Mapping | None = None

    @property
    def is_scored(self) -> bool:
        return bool(self.option_scores)


@dataclass(frozen=True)
class ObligationIn:
    code: str
    criticality: str
    tiers: frozenset[str]
    dimensions: tuple[str, ...]
    principles: tuple[str, ...]


@dataclass(frozen=True)
class AnswerIn:
    question_code: str
    value: str = ""
    not_applicable: bool = False


@dataclass(frozen=True)
class Content:
    """What scoring needs of one role's content in one guideline version."""

    questions: tuple[QuestionIn, ...]
    obligations: Mapping[str, ObligationIn]
    dimensions: tuple[str, ...]
    principles: tuple[str, ...]


# ---------------------------------------------------------------- outputs


def percent(fraction: Decimal) -> Decimal:
    return (100 * fraction).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuestionScore:
    code: str
    status: str  # "scored", "not_applicable", "not_scored" (free text), "unanswered"
    value: str
    fraction: Decimal | None
    weight: Decimal

    @property
    def points(self) -> Decimal:
        return (self.fraction or ZERO) * self.weight if self.status in ("scored", "unanswered") else ZERO

    @property
    def possible(self) -> Decimal:
        return self.weight if self.status in ("scored", "unanswered") else ZERO


@dataclass(frozen=True)
class ObligationScore:
    code: str
    criticality: str
    weight: Decimal  # its criticality weight in dimension, principle and overall means
    questions: tuple[QuestionScore, ...]
    points: Decimal
    possible: Decimal

    @property
    def fraction(self) -> Decimal:
        return self.points / self.possible

    @property
    def score(self) -> Decimal:
        return percent(self.fraction)


@dataclass(frozen=True)
class GroupScore:
    """A weighted mean of obligation scores: a dimension, a principle, or the whole."""

    code: str
    obligations: tuple[str, ...]
    points: Decimal  # sum of criticality weight x obligation fraction
    possible: Decimal  # sum of criticality weights

    @property
    def score(self) -> Decimal | None:
        return percent(self.points / self.possible) if self.possible else None


@dataclass(frozen=True)
class Gap:
    obligation: str
    severity: str
    score: Decimal
    threshold: Decimal
    uplift: Decimal  # percentage points the overall score would gain if the obligation were fully met


@dataclass(frozen=True)
class Result:
    method_version: str
    tier: str
    overall: GroupScore
    rating: str
    uncapped_rating: str
    capped_by: tuple[str, ...]
    dimensions: tuple[GroupScore, ...]
    principles: tuple[GroupScore, ...]
    obligations: tuple[ObligationScore, ...]
    excluded_obligations: tuple[str, ...]  # applicable by tier but with nothing scored (all N/A or text)
    gaps: tuple[Gap, ...]
    questions_counted: int
    questions_hidden: tuple[str, ...] = field(default=())  # answered but not applicable at submission


# ---------------------------------------------------------------- the method


def question_score(question: QuestionIn, answer: AnswerIn | None) -> QuestionScore:
    """yes 1, partly 0.5, no 0; maturity n/4; choice per its options; free text and N/A are not scored."""
    if answer is not None and answer.not_applicable:
        return QuestionScore(question.code, "not_applicable", "", None, question.weight)
    if not question.is_scored:
        return QuestionScore(
            question.code, "not_scored", answer.value if answer else "", None, question.weight
        )
    fraction = question.option_scores.get(answer.value) if answer and answer.value else None
    if fraction is None:
        return QuestionScore(question.code, "unanswered", "", ZERO, question.weight)
    return QuestionScore(question.code, "scored", answer.value, Decimal(fraction), question.weight)


def band_of(score: Decimal) -> str:
    return next(name for name, floor in BANDS if score >= floor)


def lower_band(band: str) -> str:
    names = [name for name, _floor in BANDS]
    return names[min(names.index(band) + 1, len(names) - 1)]


def severity_of(criticality: str, tier: str) -> str:
    level = SEVERITIES.index(BASE_SEVERITY[criticality])
    if tier in RAISING_TIERS:
        level = min(level + 1, len(SEVERITIES) - 1)
    return SEVERITIES[level]


def _group(code: str, members: Iterable[ObligationScore]) -> GroupScore:
    members = list(members)
    return GroupScore(
        code,
        tuple(o.code for o in members),
        sum((o.weight * o.fraction for o in members), ZERO),
        sum((o.weight for o in members), ZERO),
    )


def score(
    *,
    content: Content,
    answers: Iterable[AnswerIn],
    tier: str,
    facts: Mapping,
    method_version: str = METHOD_VERSION,
) -> Result:
    """Score one submitted assessment. Only questions applicable at submission count: a question
    hidden by triage contributes nothing, even if it was answered earlier."""
    by_code = {a.question_code: a for a in answers}
    applicable_obligations = {code for code, o in content.obligations.items() if tier in o.tiers}
    per_obligation: dict[str, list[QuestionScore]] = defaultdict(list)
    hidden, counted = [], 0
    for question in content.questions:
        own = [code for code in question.obligations if code in applicable_obligations]
        if not own or not condition_holds(question.applies_when, facts):
            if question.code in by_code:
                hidden.append(question.code)
            continue
        counted += 1
        result = question_score(question, by_code.get(question.code))
        for code in own:
            per_obligation[code].append(result)

    scored, excluded = [], []
    for code in sorted(applicable_obligations):
        obligation = content.obligations[code]
        questions = per_obligation.get(code, [])
        possible = sum((q.possible for q in questions), ZERO)
        if not questions or possible == 0:
            excluded.append(code)
            continue
        scored.append(
            ObligationScore(
                code,
                obligation.criticality,
                CRITICALITY_WEIGHT[obligation.criticality],
                tuple(questions),
                sum((q.points for q in questions), ZERO),
                possible,
            )
        )

    overall = _group("overall", scored)
    by_obligation = {o.code: o for o in scored}
    dimensions = tuple(
        _group(d, (o for o in scored if d in content.obligations[o.code].dimensions))
        for d in content.dimensions
    )
    principles = tuple(
        _group(p, (o for o in scored if p in content.obligations[o.code].principles))
        for p in content.principles
    )
    uncapped = band_of(overall.score) if overall.score is not None else BANDS[-1][0]
    capped_by = tuple(o.code for o in scored if o.criticality == "essential" and o.fraction < ESSENTIAL_CAP)
    rating = lower_band(uncapped) if capped_by else uncapped
    gaps = _gaps(scored, overall, tier)
    return Result(
        method_version=method_version,
        tier=tier,
        overall=overall,
        rating=rating,
        uncapped_rating=uncapped,
        capped_by=capped_by,
        dimensions=dimensions,
        principles=principles,
        obligations=tuple(by_obligation[c] for c in sorted(by_obligation)),
        excluded_obligations=tuple(excluded),
        gaps=gaps,
        questions_counted=counted,
        questions_hidden=tuple(hidden),
    )


def _gaps(scored: list[ObligationScore], overall: GroupScore, tier: str) -> tuple[Gap, ...]:
    gaps = []
    for o in scored:
        threshold = GAP_THRESHOLD[o.criticality]
        if o.fraction >= threshold:
            continue
        uplift = percent(o.weight * (ONE - o.fraction) / overall.possible)
        gaps.append(Gap(o.code, severity_of(o.criticality, tier), o.score, percent(threshold), uplift))
    return tuple(sorted(gaps, key=lambda g: (-SEVERITIES.index(g.severity), -g.uplift, g.obligation)))


def method_rules() -> dict:
    """The method's parameters as people read them (the public method page and the report's appendix)."""
    return {
        "method_version": METHOD_VERSION,
        "criticality_weights": CRITICALITY_WEIGHT,
        "thresholds": {k: percent(v) for k, v in GAP_THRESHOLD.items()},
        "bands": BANDS,
        "cap": percent(ESSENTIAL_CAP),
    }
