"""Crosswalks to other frameworks and reasons for not scoring: stored by the loader, shown on the
guideline browser, the results gap list, the report's action plan and answers.json, always labelled
as the portal's own mapping. The shipped editions carry none, so these tests set them on 1.1."""

import re
from types import SimpleNamespace

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from assessments.services import assessments as services
from assessments.services import reports
from assessments.services.questionnaire import load_questionnaire
from guideline_content import published
from guideline_content.loader import DATA_DIR, content_digest, load_guideline
from guideline_content.models import Obligation
from guideline_content.validation import read_version
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db
CURRENT = "hk-genai-2025-12"
MAPPED = "PRO-DATA-03"
DPP4 = [{"framework": "pdpo-dpp", "ref": "DPP4"}, {"framework": "nist-ai-rmf-1-0", "ref": "MANAGE"}]


@pytest.fixture(autouse=True)
def _english_afterwards():
    # A request in Chinese leaves Chinese active in this thread; the next module's tests expect English.
    yield
    translation.activate("en")


@pytest.fixture
def mapped():
    """One 1.1 provider recommendation mapped to DPP4 and NIST MANAGE, as a revision would ship it."""
    Obligation.objects.filter(version__code=CURRENT, code=MAPPED).update(crosswalks=DPP4)
    published.clear()
    yield
    published.clear()  # the rows roll back; the in-memory copy must not outlive them


def test_the_loader_stores_crosswalks_and_the_reason_for_not_scoring(mini_dir):
    path = mini_dir / "obligations/developer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["obligations"][0]["crosswalks"] = [{"framework": "pdpo-dpp", "ref": "DPP1"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_guideline(path=mini_dir)
    stored = Obligation.objects.get(version__code="mini-2025", code=data["obligations"][0]["code"])
    assert stored.crosswalks == [{"framework": "pdpo-dpp", "ref": "DPP1"}]
    assert [c.label for c in stored.crosswalk_refs] == ["PDPO DPP1"]


def test_a_scored_recommendation_may_not_claim_a_reason_for_not_being_scored(mini_dir):
    path = mini_dir / "obligations/developer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["obligations"][0]["unscored_reason"] = {"en": "Free text only.", "zh_hant": "只有文字回應。"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Exception, match="unscored_reason"):
        load_guideline(path=mini_dir)


@pytest.mark.parametrize(
    ("edition", "digest"),
    [
        ("hk-genai-2025-12", "50334c3a7c06177addbb155b4a5259113ac37cf1ccf8a2d361bce2ee5371c4e7"),
        ("hk-genai-2025-04", "59fcce121dece5c4001c79fd328fe8e182b1b1f14dec89b66f1ef9743032a96d"),
    ],
)
def test_the_new_optional_keys_leave_a_loaded_editions_digest_as_it_was(edition, digest):
    # A changed digest would make the loader refuse (or think it must replace) a published edition.
    assert content_digest(read_version(DATA_DIR / edition)) == digest


def test_the_browser_shows_crosswalks_as_the_portals_own_mapping(client, mapped):
    page = client.get(reverse("guideline:obligations", args=[CURRENT]), {"role": "provider"}).content.decode()
    article = page.split(f'id="{MAPPED}"', 1)[1].split("</article>", 1)[0]
    assert "Other frameworks (portal's own mapping)" in article
    assert "PDPO DPP4" in article and "NIST AI RMF MANAGE" in article


def test_the_browser_filters_by_framework(client, mapped):
    url = reverse("guideline:obligations", args=[CURRENT])
    response = client.get(url, {"framework": "pdpo-dpp"})
    assert [o.code for o in response.context["obligations"]] == [MAPPED]
    assert client.get(url, {"framework": "iso-iec-42001-2023"}).context["obligations"] == []


def test_an_unknown_framework_is_refused_and_filters_nothing(client, mapped):
    response = client.get(reverse("guideline:obligations", args=[CURRENT]), {"framework": "gdpr"})
    assert response.status_code == 200 and response.context["form"].errors["framework"]
    assert len(response.context["obligations"]) > 1


def test_the_browser_names_the_frameworks_in_chinese(client, mapped):
    url = reverse("guideline:obligations", args=[CURRENT])
    page = client.get(url, {"role": "provider"}, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    article = page.split(f'id="{MAPPED}"', 1)[1].split("</article>", 1)[0]
    assert "其他框架（本平台自行作出的對照）" in article and "《私隱條例》 DPP4" in article


def test_the_browser_query_count_does_not_grow_with_crosswalks(client, mapped, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("guideline:obligations", args=[CURRENT]), {"framework": "pdpo-dpp"})


@pytest.fixture
def scored(system, owner, mapped, django_capture_on_commit_callbacks):
    """A submitted provider assessment whose every answer is the worst, so that MAPPED is a gap."""
    assessment = start(system, owner)
    answer_all(
        assessment,
        owner,
        value=lambda item: min(item.options, key=lambda o: o.score).code if item.options else "Nothing yet.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment


def test_the_gap_list_shows_crosswalks_and_filters_by_framework(client, owner, scored):
    client.force_login(owner)
    url = reverse("assessments:results", args=[scored.pk])
    everything = client.get(url)
    assert len(everything.context["gaps"]) > 1
    assert "NIST AI RMF MANAGE" in everything.content.decode()
    only = client.get(url, {"framework": "pdpo-dpp"})
    assert [g.obligation.code for g in only.context["gaps"]] == [MAPPED]
    assert "1 gap is mapped to this framework." in only.content.decode()
    unknown = client.get(url, {"framework": "gdpr"})
    assert len(unknown.context["gaps"]) == len(everything.context["gaps"])


def test_answers_json_carries_each_answers_recommendations_and_their_crosswalks(scored):
    items = load_questionnaire(scored).items
    report = SimpleNamespace(
        assessment=scored, number="R-TEST", result=SimpleNamespace(method_version="m", revision=1)
    )
    document = reports.answers_document(report, items)
    assert "portal's own mapping" in document["crosswalks_are"]
    mapped = [r for a in document["answers"] for r in a["recommendations"] if r["code"] == MAPPED]
    assert mapped and all(r["crosswalks"] == DPP4 for r in mapped)


def test_the_scoring_method_page_uses_chinese_punctuation_in_chinese(client):
    page = client.get(reverse("assessments:scoring_method"), HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    text = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
    assert not re.search(r"[\u4e00-\u9fff]\s*\d*%?\s*[,;:.](\s|$)", text), "ASCII punctuation after Chinese"
    assert "相符：" in text


@pytest.mark.parametrize("name", ["guideline:version", "guideline:obligations", "guideline:triage"])
def test_the_browser_uses_chinese_punctuation_between_chinese_items(client, name):
    page = client.get(reverse(name, args=[CURRENT]), HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    text = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
    assert not re.findall(r".{6}[\u4e00-\u9fff][,;:](?=\s).{6}", text)
