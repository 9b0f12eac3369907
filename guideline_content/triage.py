"""Evaluating triage answers: applicability conditions and the risk tier.

Pure functions over plain data (conditions as stored in `applies_when` / `TierRule.when`, facts as a
dict of fact code -> bool, option code or list of option codes), so scoring and tests need no database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Facts = Mapping[str, bool | str | list[str] | None]


def condition_holds(condition: Mapping[str, Any] | None, facts: Facts) -> bool:
    """True when the condition holds for these facts.

    No condition always holds; a fact that was not answered never satisfies a test.
    """
    if condition is None:
        return True
    if "all" in condition:
        return all(condition_holds(child, facts) for child in condition["all"])
    if "any" in condition:
        return any(condition_holds(child, facts) for child in condition["any"])
    if "not" in condition:
        return not condition_holds(condition["not"], facts)
    value = facts.get(condition["fact"])
    if value is None:
        return False
    if "in" in condition:
        chosen = value if isinstance(value, list) else [value]
        return any(option in condition["in"] for option in chosen)
    return value is condition.get("is", True)


@dataclass(frozen=True)
class Rule:
    code: str
    tier: str
    rank: int
    when: Mapping[str, Any]
    reason: str


@dataclass(frozen=True)
class TierDecision:
    tier: str
    reasons: tuple[str, ...]  # the reasons of every matching rule of the decided tier
    matched_rules: tuple[str, ...]  # every matching rule, whatever its tier
    deciding_rules: tuple[str, ...] = ()  # the matching rules of the decided tier


def decide_tier(
    rules: Iterable[Rule], facts: Facts, *, default_tier: str, default_reason: str
) -> TierDecision:
    """The highest tier whose rule conditions hold; the default tier when none does."""
    matched = [rule for rule in rules if condition_holds(rule.when, facts)]
    if not matched:
        return TierDecision(default_tier, (default_reason,), ())
    top = max(rule.rank for rule in matched)
    winners = [rule for rule in matched if rule.rank == top]
    return TierDecision(
        winners[0].tier,
        tuple(r.reason for r in winners),
        tuple(r.code for r in matched),
        tuple(r.code for r in winners),
    )
