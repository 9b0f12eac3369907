"""Assessments and questionnaire revisions: new ones use the newest revision, existing ones stay pinned
to theirs and say so, copy-forward works across revisions as across editions, and every output names
the edition and the revision."""

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Answer, Assessment, Report
from assessments.services import ServiceError
from assessments.services import assessments as services
from guideline_content import published
from guideline_content.loader import load_guideline
from guideline_content.models import GuidelineVersion
from tests.assessments.helpers import answer_all, start, streamed
from tests.revisions import copy_edition, edit_question, make_revision, next_revision

pytestmark = pytest.mark.django_db

CHANGED = "USR-Q-IP-01"
REWORDED = {
    "en": "Do you avoid using content that copies others' protected works without permission?",
    "zh_hant": "貴機構是否避免使用未經許可而複製他人受保護作品的內容？",
}


@pytest.fixture
def revision_2(tmp_path):
    """A new questionnaire revision of edition 1.1 (2 unless more are shipped), with one service-user
    question reworded, loaded."""
    published.clear()
    yield _revise(tmp_path)
    published.clear()


def _revise(tmp_path) -> GuidelineVersion:
    number = next_revision("hk-genai-2025-12")
    edition = copy_edition("hk-genai-2025-12", tmp_path)
    revision_dir = make_revision(edition, number)
    edit_question(revision_dir, "user", CHANGED, text=REWORDED)
    load_guideline(path=revision_dir)
    return GuidelineVersion.objects.get(code=f"hk-genai-2025-12-r{number}")


def _label(version) -> str:
    return f"Guideline 1.1 · questionnaire revision {version.revision}"


def test_the_newest_revision_of_the_newest_edition_is_offered_for_new_assessments(
    client, system, owner, revision_2
):
    client.force_login(owner)
    page = client.get(reverse("assessments:system_detail", args=[system.pk])).content.decode()
    assert f'value="{revision_2.code}" selected' in page
    assert _label(revision_2) in page
    assert 'value="hk-genai-2025-12"' not in page  # revision 1 of 1.1 is superseded for new work
    older = next(v for v in GuidelineVersion.objects.newest_revisions() if v.edition == "hk-genai-2025-04")
    assert f'value="{older.code}"' in page  # the older edition stays available
    client.post(
        reverse("assessments:assessment_start", args=[system.pk]),
        {"role": "user", "version": revision_2.code},
    )
    assert Assessment.objects.get(system=system).guideline_version == revision_2


def test_a_superseded_revision_is_refused_for_a_new_assessment(client, system, owner, revision_2):
    client.force_login(owner)
    client.post(
        reverse("assessments:assessment_start", args=[system.pk]),
        {"role": "user", "version": "hk-genai-2025-12"},
    )
    assert not Assessment.objects.filter(system=system).exists()


def test_an_existing_assessment_stays_pinned_to_its_revision_and_says_so(client, system, owner, tmp_path):
    old = start(system, owner, role="user")
    published.clear()
    newer = _revise(tmp_path)
    old.refresh_from_db()
    assert old.guideline_version.code == "hk-genai-2025-12"
    client.force_login(owner)
    page = client.get(reverse("assessments:assessment_detail", args=[old.pk])).content.decode()
    assert "Guideline 1.1 · questionnaire revision 1" in page
    pinned = "stays pinned to Guideline 1.1 · questionnaire revision 1: a newer questionnaire revision"
    assert f"{pinned} {newer.revision}" in page
    assert f"?from=hk-genai-2025-12&amp;to={newer.code}" in page
    assert f'<option value="{newer.code}" selected>' in page  # the copy form offers it first
    published.clear()


def test_an_assessment_on_the_newest_revision_has_no_notice(client, system, owner, revision_2):
    new = start(system, owner, role="user", version=revision_2.code)
    client.force_login(owner)
    page = client.get(reverse("assessments:assessment_detail", args=[new.pk])).content.decode()
    assert _label(revision_2) in page and "stays pinned" not in page


def test_copy_forward_across_revisions_marks_only_the_changed_question(system, owner, tmp_path):
    old = start(system, owner, role="user")
    answer_all(old, owner)
    published.clear()
    target = _revise(tmp_path)
    new = services.copy_assessment(source=old, version=target, by=owner)
    answers = {a.question.code: a for a in Answer.objects.filter(assessment=new).select_related("question")}
    assert set(answers) == set(Answer.objects.filter(assessment=old).values_list("question__code", flat=True))
    assert {code for code, a in answers.items() if a.needs_recheck} == {CHANGED}
    assert all(a.question.version_id == target.pk for a in answers.values())
    published.clear()


def test_copying_onto_an_older_revision_is_refused(system, owner, revision_2):
    newer = start(system, owner, role="user", version=revision_2.code)
    with pytest.raises(ServiceError, match="same or a newer"):
        services.copy_assessment(
            source=newer, version=GuidelineVersion.objects.get(code="hk-genai-2025-12"), by=owner
        )


def test_the_label_names_edition_and_revision_in_both_languages(revision_2):
    from django.utils import translation

    assert revision_2.display_label == _label(revision_2)
    with translation.override("zh-hant"):
        assert revision_2.display_label == f"指引第1.1版．問卷第{revision_2.revision}版"


@pytest.fixture
def scored_on_revision(system, owner, revision_2, settings, django_capture_on_commit_callbacks):
    """An assessment on the new revision, submitted, scored and reported in English."""
    settings.REPORTS_AUTOMATIC_LANGUAGES = ["en"]
    assessment = start(system, owner, role="user", version=revision_2.code)
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment


def test_results_report_verify_and_answers_name_edition_and_revision(client, owner, scored_on_revision):
    import subprocess

    client.force_login(owner)
    results = client.get(reverse("assessments:results", args=[scored_on_revision.pk])).content.decode()
    revision = scored_on_revision.guideline_version
    assert _label(revision) in results
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    results_zh = client.get(reverse("assessments:results", args=[scored_on_revision.pk])).content.decode()
    assert f"指引第1.1版．問卷第{revision.revision}版" in results_zh
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    report = Report.objects.get(assessment=scored_on_revision)
    assert report.status == Report.Status.READY, report.error
    with report.file.open("rb") as stored:
        data = stored.read()
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode().split()
    )
    assert _label(revision) in text and revision.code in text

    client.logout()
    from django.core.files.uploadedfile import SimpleUploadedFile

    verified = client.post(reverse("assessments:verify"), {"file": SimpleUploadedFile("r.pdf", data)})
    assert _label(revision) in verified.content.decode()

    client.force_login(owner)
    package = client.get(reverse("assessments:package_download", args=[report.pk]))
    answers = json.loads(zipfile.ZipFile(io.BytesIO(streamed(package))).read("answers.json"))
    assert (
        answers["guideline_version"],
        answers["guideline_edition"],
        answers["questionnaire_revision"],
    ) == (
        revision.code,
        "hk-genai-2025-12",
        revision.revision,
    )


def test_the_api_names_edition_and_revision(client, owner, revision_2):
    client.force_login(owner)
    versions = client.get(reverse("api:guideline_versions")).json()
    rows = {v["code"]: v for v in (versions["results"] if isinstance(versions, dict) else versions)}
    revised = rows[revision_2.code]
    assert (revised["edition"], revised["revision"], revised["is_current"]) == (
        "hk-genai-2025-12",
        revision_2.revision,
        True,
    )
    assert revised["display_label"] == _label(revision_2)
    assert (rows["hk-genai-2025-12"]["revision"], rows["hk-genai-2025-12"]["is_current"]) == (1, False)
