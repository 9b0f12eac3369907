import pytest

from guideline_content.models import GuidelineVersion, TierRule
from guideline_content.triage import Rule, condition_holds, decide_tier


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        (None, {}, True),
        ({"fact": "personal_data"}, {"personal_data": True}, True),
        ({"fact": "personal_data"}, {"personal_data": False}, False),
        ({"fact": "personal_data"}, {}, False),  # unanswered never satisfies
        ({"fact": "personal_data", "is": False}, {"personal_data": False}, True),
        ({"fact": "sector", "in": ["finance", "legal"]}, {"sector": "legal"}, True),
        ({"fact": "sector", "in": ["finance"]}, {"sector": "retail"}, False),
        ({"fact": "uses", "in": ["code"]}, {"uses": ["text", "code"]}, True),
        ({"all": [{"fact": "a"}, {"fact": "b"}]}, {"a": True, "b": False}, False),
        ({"any": [{"fact": "a"}, {"fact": "b"}]}, {"a": False, "b": True}, True),
        ({"not": {"fact": "a"}}, {"a": False}, True),
    ],
)
def test_condition_holds(condition, facts, expected):
    assert condition_holds(condition, facts) is expected


RULES = [
    Rule("R-LIMITED", "limited", 2, {"fact": "serves_public"}, "It serves the public."),
    Rule("R-HIGH", "high", 3, {"fact": "critical_use"}, "It is used in critical infrastructure."),
]


def test_the_highest_matching_tier_wins_and_keeps_its_reason():
    decision = decide_tier(
        RULES,
        {"serves_public": True, "critical_use": True},
        default_tier="low",
        default_reason="Nothing else applies.",
    )
    assert decision.tier == "high"
    assert decision.reasons == ("It is used in critical infrastructure.",)
    assert decision.matched_rules == ("R-LIMITED", "R-HIGH")
    assert decision.deciding_rules == ("R-HIGH",)


def test_no_matching_rule_gives_the_default_tier_with_its_reason():
    decision = decide_tier(
        RULES, {"serves_public": False}, default_tier="low", default_reason="Nothing else applies."
    )
    assert (decision.tier, decision.reasons) == ("low", ("Nothing else applies.",))


def shipped_rules(code: str) -> list[Rule]:
    return [
        Rule(r.code, r.tier.code, r.tier.rank, r.when, r.reason_en)
        for r in TierRule.objects.filter(version__code=code).select_related("tier")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("facts", "tier"),
    [
        ({"harms_safety": True, "critical_use": True}, "unacceptable"),
        ({"manipulation": True}, "unacceptable"),
        ({"critical_use": True, "serves_public": True}, "high"),
        ({"decisions_about_people": True}, "limited"),  # Table 1: recruitment tools
        ({"sector": "education"}, "limited"),  # Table 1: educational AI
        ({"serves_public": False, "personal_data": False, "sector": "other"}, "low"),  # spam filters
    ],
)
def test_shipped_tier_rules_follow_table_1_examples(facts, tier):
    version = GuidelineVersion.objects.get(code="hk-genai-2025-12")
    decision = decide_tier(
        shipped_rules(version.code),
        facts,
        default_tier=version.default_tier.code,
        default_reason=version.default_tier_reason,
    )
    assert decision.tier == tier
    assert all(reason.strip() for reason in decision.reasons)
