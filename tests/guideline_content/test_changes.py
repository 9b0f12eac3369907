"""The readable "what changed": the public page /guideline/changes/ and diff_guideline, for editions and
for questionnaire revisions, in both languages, and what copy-forward does."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Answer
from assessments.services import assessments as services
from guideline_content import changes, loader, published
from guideline_content.loader import load_guideline
from guideline_content.models import GuidelineVersion
from tests.assessments.helpers import answer_all, start
from tests.revisions import copy_edition, edit_question, make_revision, next_revision, read, write

pytestmark = pytest.mark.django_db
URL = reverse("guideline:changes")
EDITIONS = {"from": "hk-genai-2025-04", "to": "hk-genai-2025-12"}
REWORDED = {
    "en": "Do you avoid using content that copies protected works without permission?",
    "zh_hant": "貴機構是否避免使用未經許可而複製他人受保護作品的內容？",
}


@pytest.fixture(autouse=True)
def _fresh():
    changes.clear()
    published.clear()
    yield
    changes.clear()
    published.clear()


@pytest.fixture
def revision_2(tmp_path, monkeypatch):
    """A new revision of edition 1.1 (2 unless more are shipped) in a temporary data directory, made
    from the edition's files: one question reworded, one removed, one given the removed one's
    recommendation; the page reads its files from there."""
    edition = copy_edition("hk-genai-2025-12", tmp_path)
    copy_edition("hk-genai-2025-04", tmp_path)
    revision_dir = make_revision(
        edition,
        next_revision("hk-genai-2025-12"),
        notes_en="USR-Q-IP-01 reworded.",
        notes_zh="修訂USR-Q-IP-01的措辭。",
    )
    edit_question(revision_dir, "user", "USR-Q-IP-01", text=REWORDED)
    path = revision_dir / "questions" / "user.yaml"
    data = read(path)
    data["questions"] = [q for q in data["questions"] if q["code"] != "USR-Q-DISC-03"]
    write(path, data)
    disc = next(
        q for q in read(edition / "questions" / "user.yaml")["questions"] if q["code"] == "USR-Q-DISC-03"
    )
    # the recommendation it evidenced is evidenced by another question instead (every one needs one)
    edit_question(
        revision_dir,
        "user",
        "USR-Q-DISC-01",
        obligations=[*_obligations_of(revision_dir, "USR-Q-DISC-01"), *disc["obligations"]],
    )
    load_guideline(path=revision_dir)
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    return GuidelineVersion.objects.get(code=revision_dir.name)


def _label(version) -> str:
    return f"Guideline 1.1 · questionnaire revision {version.revision}"


def _obligations_of(directory: Path, code: str) -> list[str]:
    questions = read(directory / "questions" / "user.yaml")["questions"]
    return next(q for q in questions if q["code"] == code)["obligations"]


def test_the_edition_changes_show_section_text_before_and_after(client):
    response = client.get(URL, EDITIONS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "From Guideline 1.0 · questionnaire revision 1 to Guideline 1.1 · questionnaire revision 1" in page
    assert "Applications that carry only a minimal regulatory burden." in page  # the low tier, before
    assert "Applications that pose only minimal risks." in page  # and after
    assert "§3.2.2" in page and "PRO-RISK-02" in page
    assert page.index("Service Provider") < page.index("Service User")  # grouped by role
    # what it means for an assessment carried forward
    carried = page[page.index('id="carried-heading"') : page.index('id="role-')]
    assert "USR-Q-IP-01" in carried and "PRO-Q-DATA-05" in carried and "Check again:" in carried


def test_the_changes_page_speaks_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    page = client.get(URL, EDITIONS).content.decode()
    assert "只須承擔極低監管負擔的應用。" in page and "只構成極低風險的應用。" in page
    assert "Applications that pose only minimal risks." not in page
    assert "有何改動" in page  # the page's own strings come from the catalogue
    assert "指引第1.0版．問卷第1版" in page


@pytest.mark.parametrize(
    ("query", "status", "problem"),
    [
        ({}, 400, "Name the two versions to compare"),
        ({"from": "hk-genai-2025-04"}, 400, "Name the two versions to compare"),
        ({"from": "nope", "to": "hk-genai-2025-12"}, 404, "“nope” is not a published version."),
        ({"from": "hk-genai-2025-12", "to": "hk-genai-2025-12"}, 400, "Choose two different versions."),
        ({"from": "hk-genai-2025-12", "to": "hk-genai-2025-04"}, 400, "must be the older version"),
        ({"from": "<script>", "to": "x" * 5000}, 404, "is not a published version"),
    ],
)
def test_bad_parameters_get_a_clear_page_listing_the_valid_codes(client, query, status, problem):
    response = client.get(URL, query)
    page = response.content.decode()
    assert response.status_code == status
    assert problem in page and "<script>" not in page
    assert "<code>hk-genai-2025-04</code>" in page and "<code>hk-genai-2025-12</code>" in page


def test_a_draft_revision_cannot_be_compared_publicly(client, tmp_path, monkeypatch):
    edition = copy_edition("hk-genai-2025-12", tmp_path)
    draft = make_revision(edition, next_revision("hk-genai-2025-12"), status="draft")
    load_guideline(path=draft)
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    response = client.get(URL, {"from": "hk-genai-2025-12", "to": draft.name})
    assert response.status_code == 404


def test_files_that_differ_from_the_published_rows_are_not_shown(client, tmp_path, monkeypatch):
    edition = copy_edition("hk-genai-2025-12", tmp_path)
    copy_edition("hk-genai-2025-04", tmp_path)
    edit_question(edition, "user", "USR-Q-IP-01", text=REWORDED)  # edited after it was published
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    response = client.get(URL, EDITIONS)
    assert response.status_code == 404
    assert "differ from what was published" in response.content.decode()


def test_a_revisions_changes_and_the_copy_forward_they_announce(client, system, owner, revision_2):
    page = client.get(URL, {"from": "hk-genai-2025-12", "to": revision_2.code}).content.decode()
    assert f"From Guideline 1.1 · questionnaire revision 1 to {_label(revision_2)}" in page
    assert REWORDED["en"] in page and "Not carried (the question was removed):" in page
    carried = page[page.index('id="carried-heading"') : page.index('id="role-')]
    shown_recheck = {
        code for code in ("USR-Q-IP-01", "USR-Q-DISC-01", "USR-Q-DISC-03") if f'href="#{code}"' in carried
    }
    # exactly the answers that copy-forward then marks "check again"
    old = start(system, owner, role="user")
    answer_all(old, owner)
    new = services.copy_assessment(source=old, version=revision_2, by=owner)
    marked = set(
        Answer.objects.filter(assessment=new, needs_recheck=True).values_list("question__code", flat=True)
    )
    assert marked == shown_recheck == {"USR-Q-IP-01", "USR-Q-DISC-01"}
    assert not Answer.objects.filter(assessment=new, question__code="USR-Q-DISC-03").exists()


def test_the_changes_page_reads_the_files_once_per_process(client, django_assert_num_queries):
    client.get(URL, EDITIONS)
    with django_assert_num_queries(1):  # the published versions; the comparison is kept
        client.get(URL, EDITIONS)


def test_the_browser_shows_each_edition_once_with_its_revision_history(client, revision_2):
    page = client.get(reverse("guideline:index")).content.decode()
    assert _label(revision_2) in page  # the current version
    editions = page[page.index('id="editions-heading"') : page.index('id="about"')]
    assert editions.count("Version 1.1") == 1 and editions.count("Version 1.0") == 1
    older = next(v for v in GuidelineVersion.objects.newest_revisions() if v.edition == "hk-genai-2025-04")
    assert f"?from={older.code}&amp;to={revision_2.code}" in editions
    history = page[page.index('id="revisions"') :]
    assert "Guideline 1.1 · questionnaire revision 1" in history
    assert "USR-Q-IP-01 reworded." in history and "4 December 2026" in history
    previous = GuidelineVersion.objects.get(edition="hk-genai-2025-12", revision=revision_2.revision - 1)
    assert f"?from={previous.code}&amp;to={revision_2.code}" in history


def test_the_history_speaks_chinese(client, revision_2):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    page = client.get(reverse("guideline:index")).content.decode()
    assert "修訂USR-Q-IP-01的措辭。" in page and f"指引第1.1版．問卷第{revision_2.revision}版" in page


def test_an_older_revision_of_an_edition_points_to_the_newest(client, revision_2):
    page = client.get(reverse("guideline:version", args=["hk-genai-2025-12"])).content.decode()
    assert (
        f"The portal has since published questionnaire revision {revision_2.revision} of this edition."
        in page
    )


def test_the_overview_states_language_precedence_review_and_links_both_official_texts(client):
    page = client.get(reverse("guideline:version", args=["hk-genai-2025-12"])).content.decode()
    assert "the English text prevails" in page
    assert "updated about once a year" in page
    assert "HK_Generative_AI_Technical_and_Application_Guideline_en.pdf" in page
    assert "HK_Generative_AI_Technical_and_Application_Guideline_tc.pdf" in page


def test_the_first_edition_does_not_link_the_current_text_as_its_own(client):
    page = client.get(reverse("guideline:version", args=["hk-genai-2025-04"])).content.decode()
    assert "Guideline_en.pdf" not in page and "_tc.pdf" not in page
    assert "publishes only the current text online" in page and "now serves version 1.1" in page


def test_browser_query_counts_are_fixed_with_revisions(client, revision_2, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as with_revision:
        client.get(reverse("guideline:index"))
    assert len(with_revision.captured_queries) <= 12


def test_diff_command_shows_sections_and_text_before_and_after(capsys):
    call_command("diff_guideline", "hk-genai-2025-04", "hk-genai-2025-12")
    out = capsys.readouterr().out
    assert out.startswith("hk-genai-2025-04 (Guideline 1.0 · questionnaire revision 1) -> hk-genai-2025-12")
    assert "== Service Provider ==" in out and "-- §3.2.2 --" in out
    assert "      - Applications that carry only a minimal regulatory burden." in out
    assert "      + Applications that pose only minimal risks." in out
    assert "Check again:" in out and "USR-Q-IP-01" in out


def test_diff_command_speaks_chinese(capsys):
    call_command("diff_guideline", "hk-genai-2025-04", "hk-genai-2025-12", "--language", "zh-hant")
    out = capsys.readouterr().out
    assert "指引第1.0版．問卷第1版" in out and "+ 只構成極低風險的應用。" in out


def test_diff_command_compares_a_revision_directory(capsys, tmp_path):
    edition = copy_edition("hk-genai-2025-12", tmp_path)
    revision_dir = make_revision(edition)
    edit_question(revision_dir, "user", "USR-Q-IP-01", text=REWORDED)
    call_command("diff_guideline", str(edition), str(revision_dir))
    out = capsys.readouterr().out
    assert "-> hk-genai-2025-12-r2 (Guideline 1.1 · questionnaire revision 2): 1 change(s)" in out
    assert f"+ {REWORDED['en']}" in out


def test_diff_command_runs_without_debug_or_secrets():
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "diff_guideline", "hk-genai-2025-04", "hk-genai-2025-12", "--codes"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("hk-genai-2025-04 -> hk-genai-2025-12: 62 change(s)")


def test_read_only_settings_hold_no_database_and_no_secret():
    from portal import settings_readonly

    assert settings_readonly.DATABASES == {} and not hasattr(settings_readonly, "SECRET_KEY")


@pytest.mark.parametrize("role", ["user", "provider"])
def test_the_check_again_list_is_what_copy_forward_marks_between_editions(system, owner, role):
    from guideline_content.diff import compare
    from guideline_content.validation import read_version

    old = start(system, owner, role=role, version="hk-genai-2025-04")
    answered = set(answer_all(old, owner).values_list("question__code", flat=True))
    new = services.copy_assessment(
        source=old, version=GuidelineVersion.objects.get(code="hk-genai-2025-12"), by=owner
    )
    marked = set(
        Answer.objects.filter(assessment=new, needs_recheck=True).values_list("question__code", flat=True)
    )
    comparison = compare(
        read_version(loader.DATA_DIR / "hk-genai-2025-04"), read_version(loader.DATA_DIR / "hk-genai-2025-12")
    )
    assert marked and marked == set(comparison.carried.recheck[role]) & answered
