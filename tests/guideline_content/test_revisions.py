"""Questionnaire revisions: loaded beside their edition, inheriting its text, frozen once published."""

import datetime
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from guideline_content import published
from guideline_content.loader import RevisionRefused, VersionFrozen, content_digest, load_guideline
from guideline_content.models import GuidelineVersion, Question
from guideline_content.validation import ContentInvalid, read_version
from tests.revisions import edit_question, make_revision, read, write

pytestmark = pytest.mark.django_db

REWORDED = {
    "en": "Do you keep a register of the legal basis of each data source?",
    "zh_hant": "貴機構是否備有登記冊，記錄每個數據來源的法律依據？",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    published.clear()
    yield
    published.clear()


def test_a_revision_inherits_the_editions_text_and_framework(mini_dir):
    revision_dir = make_revision(mini_dir)
    edit_question(revision_dir, "developer", "DEV-Q-01", text=REWORDED)
    bundle = read_version(revision_dir)
    edition = read_version(mini_dir)
    assert (bundle.version.code, bundle.edition, bundle.revision_number) == ("mini-2025-r2", "mini-2025", 2)
    assert bundle.version.title == edition.version.title
    assert bundle.version.published_on == edition.version.published_on
    assert bundle.framework == edition.framework


def test_loading_a_revision_makes_its_own_row_of_the_edition(mini_dir):
    load_guideline(path=mini_dir)
    revision_dir = make_revision(mini_dir)
    edit_question(revision_dir, "developer", "DEV-Q-01", text=REWORDED)
    result = load_guideline(path=revision_dir)
    assert result.outcome == "created"
    edition = GuidelineVersion.objects.get(code="mini-2025")
    revision = GuidelineVersion.objects.get(code="mini-2025-r2")
    assert (edition.edition, edition.revision, edition.revision_published_on) == ("mini-2025", 1, None)
    assert (revision.edition, revision.revision) == ("mini-2025", 2)
    assert revision.revision_published_on == datetime.date(2026, 12, 4)
    assert revision.revision_notes_zh_hant == "修正問題的措辭。"
    assert (revision.label, revision.published_on, revision.title_en) == (
        edition.label,
        edition.published_on,
        edition.title_en,
    )
    assert Question.objects.get(version=revision, code="DEV-Q-01").text_en == REWORDED["en"]
    assert Question.objects.get(version=edition, code="DEV-Q-01").text_en != REWORDED["en"]


def test_an_editions_digest_is_unchanged_by_the_revision_mechanism(mini_dir):
    version = GuidelineVersion.objects.get(code="hk-genai-2025-12")
    from guideline_content.loader import DATA_DIR

    assert version.content_digest == content_digest(read_version(DATA_DIR / "hk-genai-2025-12"))


def test_a_published_revision_is_frozen(mini_dir):
    load_guideline(path=mini_dir)
    revision_dir = make_revision(mini_dir)
    load_guideline(path=revision_dir)
    assert load_guideline(path=revision_dir).outcome == "unchanged"
    edit_question(revision_dir, "developer", "DEV-Q-01", text=REWORDED)
    with pytest.raises(VersionFrozen, match="published and frozen"):
        load_guideline(path=revision_dir)
    assert Question.objects.get(version__code="mini-2025-r2", code="DEV-Q-01").text_en != REWORDED["en"]


def test_a_draft_revision_is_replaced_by_its_changed_files(mini_dir):
    load_guideline(path=mini_dir)
    revision_dir = make_revision(mini_dir, status="draft")
    load_guideline(path=revision_dir)
    edit_question(revision_dir, "developer", "DEV-Q-01", text=REWORDED)
    assert load_guideline(path=revision_dir).outcome == "replaced"
    assert Question.objects.get(version__code="mini-2025-r2", code="DEV-Q-01").text_en == REWORDED["en"]


def test_a_revision_of_an_edition_that_does_not_exist_is_refused(mini_dir):
    revision_dir = make_revision(mini_dir)
    data = read(revision_dir / "revision.yaml")
    write(revision_dir / "revision.yaml", {**data, "edition": "no-such-edition"})
    renamed = revision_dir.rename(revision_dir.parent / "no-such-edition-r2")
    with pytest.raises(ContentInvalid, match="edition 'no-such-edition' does not exist"):
        load_guideline(path=renamed)
    assert not GuidelineVersion.objects.filter(code="no-such-edition-r2").exists()


def test_a_revision_whose_edition_is_not_loaded_is_refused_and_writes_nothing(mini_dir):
    revision_dir = make_revision(mini_dir)
    with pytest.raises(CommandError, match="edition mini-2025 is not loaded"):
        call_command("load_guideline", str(revision_dir))
    assert not GuidelineVersion.objects.filter(edition="mini-2025").exists()


@pytest.mark.parametrize("inherited", ["version.yaml", "framework.yaml"])
def test_a_revision_carrying_its_own_edition_files_is_refused(mini_dir, inherited):
    load_guideline(path=mini_dir)
    revision_dir = make_revision(mini_dir)
    shutil.copy(mini_dir / inherited, revision_dir / inherited)
    with pytest.raises(ContentInvalid, match=f"{inherited}: a questionnaire revision inherits this file"):
        load_guideline(path=revision_dir)
    assert not GuidelineVersion.objects.filter(code="mini-2025-r2").exists()


def test_a_revision_numbered_one_is_refused(mini_dir):
    revision_dir = make_revision(mini_dir)
    write(revision_dir / "revision.yaml", {**read(revision_dir / "revision.yaml"), "revision": 1})
    with pytest.raises(
        ContentInvalid,
        match="revision.yaml: revision: Input should be greater than or equal to 2",
    ):
        read_version(revision_dir)


def test_a_revision_in_a_directory_not_named_after_its_number_is_refused(mini_dir):
    revision_dir = make_revision(mini_dir)
    write(revision_dir / "revision.yaml", {**read(revision_dir / "revision.yaml"), "revision": 3})
    with pytest.raises(ContentInvalid, match="belongs in a directory named 'mini-2025-r3'"):
        read_version(revision_dir)


def test_a_revision_whose_number_another_row_has_is_refused(mini_dir, tmp_path):
    load_guideline(path=mini_dir)
    load_guideline(path=make_revision(mini_dir))
    GuidelineVersion.objects.filter(code="mini-2025-r2").update(code="mini-2025-second")
    with pytest.raises(RevisionRefused, match="already has questionnaire revision 2 \\(mini-2025-second\\)"):
        load_guideline(path=mini_dir.parent / "mini-2025-r2")
    assert not GuidelineVersion.objects.filter(code="mini-2025-r2").exists()


def test_the_database_allows_one_row_per_edition_and_revision(mini_dir):
    load_guideline(path=mini_dir)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidelineVersion.objects.filter(code="hk-genai-2025-04").update(edition="mini-2025")


def test_a_published_revision_of_a_draft_edition_is_refused(mini_dir):
    data = read(mini_dir / "version.yaml")
    write(mini_dir / "version.yaml", {**data, "status": "draft"})
    load_guideline(path=mini_dir)
    with pytest.raises(RevisionRefused, match="needs a published edition"):
        load_guideline(path=make_revision(mini_dir))


def test_the_newest_published_revision_of_the_newest_edition_is_current(mini_dir):
    load_guideline(path=mini_dir)
    load_guideline(path=make_revision(mini_dir, 2))
    load_guideline(path=make_revision(mini_dir, 3, status="draft"))
    # mini-2025 is older than the shipped editions: the newest revision of edition 1.1 stays current
    shipped = GuidelineVersion.objects.published().filter(edition="hk-genai-2025-12").order_by("-revision")
    assert GuidelineVersion.objects.current() == shipped.first()
    newest = {v.edition: v.code for v in GuidelineVersion.objects.newest_revisions()}
    assert newest["mini-2025"] == "mini-2025-r2"  # the draft revision 3 is not offered
    assert newest["hk-genai-2025-12"] == shipped.first().code


def test_revisions_are_cached_apart_and_a_draft_revision_never(mini_dir, django_assert_num_queries):
    load_guideline(path=mini_dir)
    load_guideline(path=make_revision(mini_dir, 2))
    draft_dir = make_revision(mini_dir, 3, status="draft")
    edit_question(draft_dir, "developer", "DEV-Q-01", text=REWORDED)
    load_guideline(path=draft_dir)
    edition, second, draft = (
        GuidelineVersion.objects.get(code=c) for c in ("mini-2025", "mini-2025-r2", "mini-2025-r3")
    )
    role = published.version_content(edition).roles[0]
    first = published.role_content(edition, role.pk)
    revised = published.role_content(second, published.version_content(second).roles[0].pk)
    assert first.by_code["DEV-Q-01"].version_id == edition.pk
    assert revised.by_code["DEV-Q-01"].version_id == second.pk
    with django_assert_num_queries(0):
        published.role_content(second, published.version_content(second).roles[0].pk)
    draft_role = published.version_content(draft).roles[0]
    assert published.role_content(draft, draft_role.pk).by_code["DEV-Q-01"].text_en == REWORDED["en"]
    with CaptureQueriesContext(connection) as read_again:
        published.role_content(draft, draft_role.pk)
    assert len(read_again) > 0
