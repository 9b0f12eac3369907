import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation

from guideline_content.loader import load_guideline
from guideline_content.models import GuidelineVersion, Obligation, Question, RiskTier, TierRule

pytestmark = pytest.mark.django_db


def set_status(directory, status: str) -> None:
    path = directory / "version.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["status"] = status
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def reword_first_obligation(directory, text: str) -> None:
    path = directory / "obligations/developer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["obligations"][0]["statement"]["en"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_loading_stores_both_languages_and_every_mapping(mini_dir):
    result = load_guideline(path=mini_dir)
    assert (result.outcome, result.obligations, result.questions) == ("created", 2, 2)
    obligation = Obligation.objects.get(version__code="mini-2025", code="DEV-DATA-01")
    assert obligation.statement_en == "Collect data lawfully."
    with translation.override("zh-hant"):
        assert obligation.statement == "合法收集數據。"
    assert [t.code for t in obligation.tiers.all()] == ["high", "low"]
    assert [d.code for d in obligation.dimensions.all()] == ["privacy"]
    question = Question.objects.get(version__code="mini-2025", code="DEV-Q-02")
    assert [(o.code, float(o.score)) for o in question.options.all()] == [("none", 0.0), ("full", 1.0)]
    assert list(question.obligations.values_list("code", flat=True)) == ["DEV-DATA-02"]
    rule = TierRule.objects.get(version__code="mini-2025")
    assert (rule.tier.code, rule.when) == ("high", {"fact": "critical_use"})
    assert RiskTier.objects.get(version__code="mini-2025", code="high").measure_list == [
        "Conformity assessment",
        "Human in the loop",
    ]


def test_reloading_the_same_content_changes_nothing(mini_dir):
    load_guideline(path=mini_dir)
    ids = list(Question.objects.filter(version__code="mini-2025").values_list("pk", flat=True))
    assert load_guideline(path=mini_dir).outcome == "unchanged"
    assert list(Question.objects.filter(version__code="mini-2025").values_list("pk", flat=True)) == ids


def test_a_draft_version_is_replaced_by_its_changed_files(mini_dir):
    set_status(mini_dir, "draft")
    load_guideline(path=mini_dir)
    reword_first_obligation(mini_dir, "Collect data lawfully and record where it came from.")
    assert load_guideline(path=mini_dir).outcome == "replaced"
    obligation = Obligation.objects.get(version__code="mini-2025", code="DEV-DATA-01")
    assert obligation.statement_en == "Collect data lawfully and record where it came from."
    assert Obligation.objects.filter(version__code="mini-2025").count() == 2


def test_a_published_version_refuses_changed_content(mini_dir):
    load_guideline(path=mini_dir)
    reword_first_obligation(mini_dir, "Something else entirely.")
    with pytest.raises(CommandError, match="published and frozen.*new version"):
        call_command("load_guideline", str(mini_dir))
    obligation = Obligation.objects.get(version__code="mini-2025", code="DEV-DATA-01")
    assert obligation.statement_en == "Collect data lawfully."


def set_allow_na(directory, code: str, allowed: bool) -> None:
    path = directory / "questions/developer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(q for q in data["questions"] if q["code"] == code)["allow_na"] = allowed
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_published_version_takes_newly_allowed_not_applicable_in_place(mini_dir):
    load_guideline(path=mini_dir)
    ids = dict(Question.objects.filter(version__code="mini-2025").values_list("code", "pk"))
    set_allow_na(mini_dir, "DEV-Q-01", True)
    assert load_guideline(path=mini_dir).outcome == "amended"
    assert dict(Question.objects.filter(version__code="mini-2025").values_list("code", "pk")) == ids
    assert Question.objects.get(version__code="mini-2025", code="DEV-Q-01").allow_na
    assert load_guideline(path=mini_dir).outcome == "unchanged"


def test_a_published_version_refuses_to_withdraw_not_applicable(mini_dir):
    load_guideline(path=mini_dir)
    set_allow_na(mini_dir, "DEV-Q-02", False)
    with pytest.raises(CommandError, match="published and frozen"):
        call_command("load_guideline", str(mini_dir))
    assert Question.objects.get(version__code="mini-2025", code="DEV-Q-02").allow_na


def test_a_published_version_refuses_not_applicable_together_with_other_changes(mini_dir):
    load_guideline(path=mini_dir)
    set_allow_na(mini_dir, "DEV-Q-01", True)
    reword_first_obligation(mini_dir, "Something else entirely.")
    with pytest.raises(CommandError, match="published and frozen"):
        call_command("load_guideline", str(mini_dir))
    assert not Question.objects.get(version__code="mini-2025", code="DEV-Q-01").allow_na


def test_the_current_version_is_the_newest_published_one():
    # the newest edition's newest questionnaire revision
    assert GuidelineVersion.objects.current().code == "hk-genai-2025-12-r2"


def test_load_command_without_arguments_loads_every_shipped_version(capsys):
    call_command("load_guideline")
    out = capsys.readouterr().out
    assert "hk-genai-2025-04: unchanged" in out
    assert "hk-genai-2025-12: unchanged" in out
