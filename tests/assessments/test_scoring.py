"""The scoring method, by hand-computed cases and by properties. No database."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    AnswerIn,
    Content,
    ObligationIn,
    QuestionIn,
    band_of,
    question_score,
    score,
    severity_of,
)

YPN = {"yes": D(1), "partly": D("0.5"), "no": D(0)}
MATURITY = {str(n): D(n) / 4 for n in range(5)}
ALL_TIERS = frozenset({"unacceptable", "high", "limited", "low"})


def ob(code, criticality="important", tiers=ALL_TIERS, dims=("privacy",), principles=("lawful",)):
    return ObligationIn(code, criticality, frozenset(tiers), tuple(dims), tuple(principles))


def q(code, obligations, weight=1, scores=YPN, when=None):
    return QuestionIn(code, tuple(obligations), D(weight), scores, when)


def content(questions, obligations):
    return Content(
        tuple(questions), {o.code: o for o in obligations}, ("privacy", "security"), ("lawful", "fair")
    )


def run(questions, obligations, answers, tier="low", facts=None):
    return score(
        content=content(questions, obligations),
        answers=[AnswerIn(*a) for a in answers],
        tier=tier,
        facts=facts or {},
    )


def test_question_fractions_follow_the_schemes():
    assert question_score(q("Q", ["O"]), AnswerIn("Q", "partly")).fraction == D("0.5")
    assert question_score(q("Q", ["O"], scores=MATURITY), AnswerIn("Q", "3")).fraction == D("0.75")
    text = question_score(q("Q", ["O"], scores={}), AnswerIn("Q", "We review monthly."))
    assert text.status == "not_scored" and text.possible == 0
    na = question_score(q("Q", ["O"]), AnswerIn("Q", "", True))
    assert na.status == "not_applicable" and na.possible == 0


def test_an_obligation_is_the_weighted_mean_of_its_questions():
    # (1 x 3 + 0.5 x 1) / (3 + 1) = 3.5 / 4 = 87.5 %
    result = run(
        [q("Q1", ["O"], weight=3), q("Q2", ["O"], weight=1)], [ob("O")], [("Q1", "yes"), ("Q2", "partly")]
    )
    [obligation] = result.obligations
    assert (obligation.points, obligation.possible, obligation.score) == (D("3.5"), D(4), D("87.5"))


def test_not_applicable_is_left_out_of_every_denominator():
    # Q2 is N/A: O = Q1 alone = 0.5; without the N/A rule it would be 0.25
    result = run([q("Q1", ["O"]), q("Q2", ["O"])], [ob("O")], [("Q1", "partly"), ("Q2", "", True)])
    assert result.obligations[0].score == D("50.0")
    assert result.overall.possible == D(2)


def test_an_obligation_with_nothing_scored_is_excluded_not_zero():
    result = run(
        [q("Q1", ["O1"]), q("Q2", ["O2"], scores={})],
        [ob("O1"), ob("O2")],
        [("Q1", "yes"), ("Q2", "We log every prompt.")],
    )
    assert result.excluded_obligations == ("O2",)
    assert result.overall.score == D("100.0")


def test_dimensions_principles_and_overall_weigh_obligations_by_criticality():
    # essential (3) at 1.0, recommended (1) at 0.0: (3 x 1 + 1 x 0) / 4 = 75 %
    obligations = [
        ob("E", "essential", dims=("privacy",), principles=("lawful",)),
        ob("R", "recommended", dims=("privacy", "security"), principles=("fair",)),
    ]
    result = run([q("Q1", ["E"]), q("Q2", ["R"])], obligations, [("Q1", "yes"), ("Q2", "no")])
    dims = {d.code: d for d in result.dimensions}
    assert (dims["privacy"].points, dims["privacy"].possible, dims["privacy"].score) == (
        D(3),
        D(4),
        D("75.0"),
    )
    assert dims["security"].score == D("0.0")
    principles = {p.code: p.score for p in result.principles}
    assert principles == {"lawful": D("100.0"), "fair": D("0.0")}
    assert result.overall.score == D("75.0")


def test_rating_bands_and_the_essential_cap():
    assert [band_of(D(s)) for s in (80, D("79.9"), 50, D("49.9"))] == [
        "aligned",
        "partly_aligned",
        "partly_aligned",
        "not_aligned",
    ]
    # overall (3 x 0.25 + 2 x 1 x 6) / (3 + 12) = 12.75 / 15 = 85 %: aligned, but E (essential) is below 0.5
    obligations = [ob("E", "essential")] + [ob(f"I{n}") for n in range(6)]
    questions = [q("QE", ["E"], scores=MATURITY)] + [q(f"Q{n}", [f"I{n}"]) for n in range(6)]
    answers = [("QE", "1")] + [(f"Q{n}", "yes") for n in range(6)]
    result = run(questions, obligations, answers)
    assert result.overall.score == D("85.0")
    assert (result.uncapped_rating, result.rating, result.capped_by) == ("aligned", "partly_aligned", ("E",))


def test_obligations_of_higher_tiers_count_only_in_those_tiers():
    obligations = [ob("ALL"), ob("HIGH", tiers={"high", "unacceptable"})]
    questions = [q("Q1", ["ALL"]), q("Q2", ["HIGH"])]
    answers = [("Q1", "yes"), ("Q2", "no")]
    assert run(questions, obligations, answers, tier="low").overall.score == D("100.0")
    assert run(questions, obligations, answers, tier="high").overall.score == D("50.0")


def test_a_question_hidden_by_triage_counts_for_nothing_even_if_answered():
    questions = [q("Q1", ["O"]), q("Q2", ["O"], when={"fact": "personal_data"})]
    answers = [("Q1", "yes"), ("Q2", "no")]  # Q2 was answered before triage changed
    result = run(questions, [ob("O")], answers, facts={"personal_data": False})
    assert result.overall.score == D("100.0")
    assert result.questions_hidden == ("Q2",)
    assert run(questions, [ob("O")], answers, facts={"personal_data": True}).overall.score == D("50.0")


def test_gaps_are_ordered_by_severity_then_by_how_much_closing_them_raises_the_score():
    obligations = [
        ob("R1", "recommended"),
        ob("I1", "important"),
        ob("I2", "important"),
        ob("E1", "essential"),
    ]
    questions = [
        q("QR", ["R1"]),
        q("QI1", ["I1"]),
        q("QI2", ["I2"], scores=MATURITY),
        q("QE", ["E1"], scores=MATURITY),
    ]
    answers = [("QR", "no"), ("QI1", "no"), ("QI2", "1"), ("QE", "2")]
    result = run(questions, obligations, answers)
    assert [(g.obligation, g.severity) for g in result.gaps] == [
        ("E1", "high"),
        ("I1", "medium"),
        ("I2", "medium"),
        ("R1", "low"),
    ]
    # I1 (0 of 2) gains more than I2 (0.25 of 2): uplift = 2 x (1 - f) / 8 possible
    assert [g.uplift for g in result.gaps] == [D("18.8"), D("25.0"), D("18.8"), D("12.5")]


def test_a_higher_tier_raises_every_gaps_severity():
    assert severity_of("essential", "high") == "critical"
    assert severity_of("recommended", "unacceptable") == "medium"
    assert severity_of("important", "limited") == "medium"


def test_an_obligation_at_its_threshold_is_not_a_gap():
    result = run([q("Q", ["E"], scores=MATURITY)], [ob("E", "essential")], [("Q", "3")])  # 0.75 = threshold
    assert result.gaps == ()


# ---------------------------------------------------------------- properties

OBLIGATIONS = [ob(f"O{n}", c) for n, c in enumerate(["essential", "important", "recommended"] * 2)]
QUESTIONS = [q(f"Q{n}", [f"O{n % 6}", f"O{(n + 1) % 6}"], weight=1 + n % 3) for n in range(10)]
answer_choice = st.sampled_from(["yes", "partly", "no", "NA"])


def as_answers(choices):
    return [AnswerIn(f"Q{n}", "" if c == "NA" else c, c == "NA") for n, c in enumerate(choices)]


def scores_of(choices):
    result = score(content=content(QUESTIONS, OBLIGATIONS), answers=as_answers(choices), tier="low", facts={})
    return result


@settings(max_examples=200, deadline=None)
@given(st.lists(answer_choice, min_size=10, max_size=10))
def test_every_score_stays_between_0_and_100(choices):
    result = scores_of(choices)
    for group in (result.overall, *result.dimensions, *result.principles):
        assert group.score is None or D(0) <= group.score <= D(100)
    assert all(D(0) <= o.score <= D(100) for o in result.obligations)


@settings(max_examples=200, deadline=None)
@given(st.lists(answer_choice, min_size=10, max_size=10), st.integers(0, 9))
def test_turning_an_answer_into_yes_never_lowers_a_score(choices, index):
    if choices[index] == "NA":
        return
    before = scores_of(choices)
    after = scores_of([*choices[:index], "yes", *choices[index + 1 :]])
    assert after.overall.score >= before.overall.score
    old = {o.code: o.score for o in before.obligations}
    assert all(o.score >= old[o.code] for o in after.obligations)


@settings(max_examples=200, deadline=None)
@given(st.lists(answer_choice, min_size=10, max_size=10), st.integers(0, 9))
def test_not_applicable_never_changes_another_obligations_score(choices, index):
    before = scores_of(choices)
    after = scores_of([*choices[:index], "NA", *choices[index + 1 :]])
    touched = set(QUESTIONS[index].obligations)
    old = {o.code: o.score for o in before.obligations}
    for obligation in after.obligations:
        if obligation.code not in touched:
            assert obligation.score == old[obligation.code]
