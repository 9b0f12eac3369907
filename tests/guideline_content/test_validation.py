"""Each kind of content error is reported with its file, item code and problem, and nothing loads."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from guideline_content.models import GuidelineVersion, Obligation
from guideline_content.validation import ContentInvalid, read_version


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems(directory: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        read_version(directory)
    return [str(error) for error in caught.value.errors]


def test_the_mini_fixture_is_valid(mini_dir):
    bundle = read_version(mini_dir)
    assert bundle.version.code == "mini-2025"
    assert [q.code for q in bundle.roles["developer"].questions.questions] == ["DEV-Q-01", "DEV-Q-02"]


def test_unknown_reference_names_file_code_and_target(mini_dir):
    edit(
        mini_dir / "obligations/developer.yaml", lambda d: d["obligations"][0].update(dimensions=["nowhere"])
    )
    assert "obligations/developer.yaml [DEV-DATA-01]: unknown reference: dimension 'nowhere'" in problems(
        mini_dir
    )


def test_duplicate_code_is_reported(mini_dir):
    edit(mini_dir / "obligations/developer.yaml", lambda d: d["obligations"][1].update(code="DEV-DATA-01"))
    assert "obligations/*.yaml [DEV-DATA-01]: duplicate code (used 2 times)" in problems(mini_dir)


def test_missing_translation_is_reported(mini_dir):
    edit(mini_dir / "questions/developer.yaml", lambda d: d["questions"][1]["help"].pop("zh_hant"))
    assert problems(mini_dir) == [
        "questions/developer.yaml [DEV-Q-02]: missing translation (zh_hant) in help"
    ]


def test_blank_translation_counts_as_missing(mini_dir):
    edit(mini_dir / "framework.yaml", lambda d: d["dimensions"][0]["name"].update(en="  "))
    assert problems(mini_dir) == ["framework.yaml [privacy]: missing translation (en) in name"]


def test_unknown_answer_scheme_is_reported(mini_dir):
    edit(mini_dir / "questions/developer.yaml", lambda d: d["questions"][0].update(scheme="stars"))
    assert problems(mini_dir) == ["questions/developer.yaml [DEV-Q-01]: unknown answer scheme 'stars'"]


def test_question_evidencing_no_obligation_is_reported(mini_dir):
    edit(mini_dir / "questions/developer.yaml", lambda d: d["questions"][0].update(obligations=[]))
    found = problems(mini_dir)
    assert "questions/developer.yaml [DEV-Q-01]: question evidences no obligation" in found
    assert "obligations/developer.yaml [DEV-DATA-01]: obligation has no question" in found


def test_obligation_without_question_is_reported(mini_dir):
    def add_orphan(data):
        data["obligations"].append({**data["obligations"][0], "code": "DEV-DATA-09"})

    edit(mini_dir / "obligations/developer.yaml", add_orphan)
    assert problems(mini_dir) == ["obligations/developer.yaml [DEV-DATA-09]: obligation has no question"]


def test_question_of_another_roles_obligation_is_refused(mini_dir):
    edit(mini_dir / "questions/developer.yaml", lambda d: d["questions"][0].update(obligations=["PRO-X-01"]))
    assert (
        "questions/developer.yaml [DEV-Q-01]: unknown reference: developer obligation 'PRO-X-01'"
        in problems(mini_dir)
    )


def test_condition_on_unknown_fact_or_option_is_reported(mini_dir):
    def conditions(data):
        data["questions"][0]["applies_when"] = {
            "all": [{"fact": "moon_phase"}, {"fact": "sector", "in": ["mining"]}]
        }

    edit(mini_dir / "questions/developer.yaml", conditions)
    assert problems(mini_dir) == [
        "questions/developer.yaml [DEV-Q-01]: unknown reference: triage fact 'moon_phase'",
        "questions/developer.yaml [DEV-Q-01]: unknown reference: option 'mining' of triage fact 'sector'",
    ]


def test_choice_question_without_scores_is_reported(mini_dir):
    edit(mini_dir / "questions/developer.yaml", lambda d: d["questions"][1]["options"][0].pop("score"))
    assert problems(mini_dir) == ["questions/developer.yaml [DEV-Q-02]: option 'none' has no score"]


def test_malformed_yaml_names_the_file(mini_dir):
    (mini_dir / "schemes.yaml").write_text("schemes: [unclosed", encoding="utf-8")
    [problem] = problems(mini_dir)
    assert problem.startswith("schemes.yaml: not valid YAML")


def test_unknown_field_is_reported(mini_dir):
    edit(mini_dir / "obligations/developer.yaml", lambda d: d["obligations"][0].update(colour="red"))
    assert problems(mini_dir) == ["obligations/developer.yaml [DEV-DATA-01]: unknown field 'colour'"]


@pytest.mark.django_db
def test_a_bad_file_loads_nothing(mini_dir):
    edit(mini_dir / "questions/developer.yaml", lambda d: d["questions"][0].update(scheme="stars"))
    before = Obligation.objects.count()
    with pytest.raises(CommandError, match=r"DEV-Q-01\]: unknown answer scheme 'stars'"):
        call_command("load_guideline", str(mini_dir))
    assert not GuidelineVersion.objects.filter(code="mini-2025").exists()
    assert Obligation.objects.count() == before


@pytest.mark.django_db
def test_check_only_validates(mini_dir, capsys):
    call_command("load_guideline", str(mini_dir), "--check")
    assert "mini-2025: valid" in capsys.readouterr().out
    assert not GuidelineVersion.objects.filter(code="mini-2025").exists()
