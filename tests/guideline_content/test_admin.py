import pytest
from django.urls import reverse

from guideline_content.loader import load_guideline
from guideline_content.models import GuidelineVersion, Obligation
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory())
    return client


def test_published_content_is_read_only_in_the_admin(admin_client):
    obligation = Obligation.objects.filter(version__code="hk-genai-2025-12").first()
    url = reverse("admin:guideline_content_obligation_change", args=[obligation.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="statement_en"' not in page.content.decode()  # shown, not editable
    admin_client.post(url, {"statement_en": "Rewritten", "statement_zh_hant": "改寫"})
    obligation.refresh_from_db()
    assert obligation.statement_en != "Rewritten"


def test_draft_content_is_editable_in_the_admin(admin_client, mini_dir):
    (mini_dir / "version.yaml").write_text(
        (mini_dir / "version.yaml").read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    load_guideline(path=mini_dir)
    obligation = Obligation.objects.get(version__code="mini-2025", code="DEV-DATA-01")
    page = admin_client.get(reverse("admin:guideline_content_obligation_change", args=[obligation.pk]))
    assert 'name="statement_en"' in page.content.decode()


def test_published_version_cannot_be_deleted_in_the_admin(admin_client):
    version = GuidelineVersion.objects.get(code="hk-genai-2025-12")
    response = admin_client.post(
        reverse("admin:guideline_content_guidelineversion_delete", args=[version.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert GuidelineVersion.objects.filter(pk=version.pk).exists()


def test_a_draft_version_can_be_deleted_with_its_content(admin_client, mini_dir):
    (mini_dir / "version.yaml").write_text(
        (mini_dir / "version.yaml").read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    load_guideline(path=mini_dir)
    version = GuidelineVersion.objects.get(code="mini-2025")
    response = admin_client.post(
        reverse("admin:guideline_content_guidelineversion_delete", args=[version.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not GuidelineVersion.objects.filter(code="mini-2025").exists()
    assert not Obligation.objects.filter(version__code="mini-2025").exists()


def test_a_draft_versions_texts_are_editable_in_both_languages(admin_client, mini_dir):
    (mini_dir / "version.yaml").write_text(
        (mini_dir / "version.yaml").read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    load_guideline(path=mini_dir)
    version = GuidelineVersion.objects.get(code="mini-2025")
    page = admin_client.get(reverse("admin:guideline_content_guidelineversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="title_en"' in page.content.decode()
    assert 'name="title_zh_hant"' in page.content.decode()
