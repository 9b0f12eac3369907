"""The shipped versions cover the guideline as the foundation issue asks."""

import pytest

from guideline_content.loader import DATA_DIR
from guideline_content.models import Dimension, Obligation, Principle, Question, Risk, RiskTier
from guideline_content.validation import read_version

pytestmark = pytest.mark.django_db
VERSIONS = ["hk-genai-2025-04", "hk-genai-2025-12"]
MINIMUM_QUESTIONS = {"developer": 35, "provider": 30, "user": 15}
SECTORS = {
    "finance",
    "healthcare",
    "legal",
    "education",
    "journalism",
    "tourism",
    "retail",
    "logistics",
    "industry",
}
RISKS = {
    "hallucination", "bias", "black-box", "math-reasoning", "input-sensitivity", "data-integrity",
    "content-safety", "rumours", "jailbreak", "data-leak",
    "violence-instructions", "obscene-material", "fraud-synthetic-media", "malicious-code",
    "data-poisoning", "data-bias", "privacy-collection", "ip-training-data", "fitting", "ip-model-licences",
    "integration", "access-control", "data-exposure", "output-copyright", "credibility-social",
    "deepfake-fraud", "reverse-attack",
}  # fmt: skip


@pytest.mark.parametrize("code", VERSIONS)
def test_every_shipped_version_is_valid(code):
    assert read_version(DATA_DIR / code).version.code == code


@pytest.mark.parametrize("code", VERSIONS)
def test_the_framework_is_complete(code):
    assert Dimension.objects.filter(version__code=code).count() == 5
    assert Principle.objects.filter(version__code=code).count() == 5
    tiers = RiskTier.objects.filter(version__code=code)
    assert [t.code for t in tiers] == ["unacceptable", "high", "limited", "low"]
    assert all(tier.measure_list for tier in tiers)
    assert set(Risk.objects.filter(version__code=code).values_list("code", flat=True)) == RISKS


@pytest.mark.parametrize("code", VERSIONS)
@pytest.mark.parametrize("role", MINIMUM_QUESTIONS)
def test_each_questionnaire_is_long_enough_and_spans_every_dimension(code, role):
    questions = Question.objects.filter(version__code=code, role__code=role)
    assert questions.count() >= MINIMUM_QUESTIONS[role]
    assert set(questions.values_list("dimension__code", flat=True)) == {
        "privacy", "ip", "crime", "reliability", "security"}  # fmt: skip


@pytest.mark.parametrize("code", VERSIONS)
def test_every_obligation_has_a_question_and_cites_a_section(code):
    obligations = Obligation.objects.filter(version__code=code)
    assert not obligations.filter(questions=None).exists()
    assert not Question.objects.filter(version__code=code, obligations=None).exists()
    assert all(section.strip() for section in obligations.values_list("section", flat=True))


@pytest.mark.parametrize("code", VERSIONS)
def test_every_text_exists_in_both_languages(code):
    for obligation in Obligation.objects.filter(version__code=code):
        assert obligation.statement_en and obligation.statement_zh_hant
        assert obligation.rationale_en and obligation.rationale_zh_hant
    for question in Question.objects.filter(version__code=code):
        assert question.text_en and question.text_zh_hant and question.help_en and question.help_zh_hant


@pytest.mark.parametrize("code", VERSIONS)
def test_sector_recommendations_apply_only_in_their_sector(code):
    covered = set()
    for obligation in (
        Obligation.objects.filter(version__code=code).exclude(sectors=[]).prefetch_related("questions")
    ):
        covered.update(obligation.sectors)
        for question in obligation.questions.all():
            assert question.applies_when is not None
            assert "sector" in str(question.applies_when)
    assert covered >= SECTORS


def test_version_1_1_has_the_fifteen_organisation_policy_elements():
    policy = Obligation.objects.filter(
        version__code="hk-genai-2025-12", role__code="user", topic__code="USR-T-POLICY"
    )
    assert policy.count() == 15
    assert not Obligation.objects.filter(
        version__code="hk-genai-2025-04", topic__code="USR-T-POLICY"
    ).exists()


# Questions that depend on a fact an organisation can honestly deny and that triage does not already
# decide (training on personal data, a sector activity the service may not have, in-house tools, ...).
NOT_APPLICABLE_ALLOWED = {
    "DEV-Q-PRIV-02", "DEV-Q-PRIV-03", "DEV-Q-PRIV-04", "DEV-Q-IP-02", "DEV-Q-IP-04", "DEV-Q-IP-05",
    "DEV-Q-CRIME-03", "DEV-Q-SEC-07",
    "PRO-Q-DATA-04", "PRO-Q-HEA-02", "PRO-Q-TOU-01", "PRO-Q-RET-01", "PRO-Q-RET-02", "PRO-Q-FIN-01",
    "PRO-Q-IND-02", "PRO-Q-IND-03", "PRO-Q-LOG-01", "PRO-Q-LOG-03",
    "USR-Q-PRIN-02", "USR-Q-RESP-01", "USR-Q-RESP-03", "USR-Q-PRIV-02", "USR-Q-SECT-04", "USR-Q-SECT-07",
    "USR-Q-SECT-08",
}  # fmt: skip


@pytest.mark.parametrize("code", VERSIONS)
def test_not_applicable_is_allowed_where_a_question_can_honestly_not_apply(code):
    allowed = set(Question.objects.filter(version__code=code, allow_na=True).values_list("code", flat=True))
    present = set(Question.objects.filter(version__code=code).values_list("code", flat=True))
    assert allowed == NOT_APPLICABLE_ALLOWED & present
