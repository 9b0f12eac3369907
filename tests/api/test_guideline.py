"""The guideline's content through the API: public, read-only, in the request's language."""

import pytest

from guideline_content.models import Obligation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/guideline/versions/"


def test_the_published_versions_are_listed_with_the_current_one_marked(api):
    versions = api.get(BASE).json()
    codes = [v["code"] for v in versions]
    editions = ("hk-genai-2025-12", "hk-genai-2025-04")
    assert set(codes) == {*editions, *(f"{code}-r2" for code in editions)}
    assert codes[0] == "hk-genai-2025-12-r2"
    assert [v["is_current"] for v in versions] == [True, False, False, False]


def test_a_version_shows_its_framework(api):
    version = api.get(f"{BASE}hk-genai-2025-12/").json()
    assert {r["code"] for r in version["roles"]} == {"developer", "provider", "user"}
    assert len(version["dimensions"]) == 5 and version["tiers"][0]["measures"]


def test_an_unknown_version_is_404(api):
    assert api.get(f"{BASE}hk-genai-1999-01/").status_code == 404


def test_questions_are_filtered_by_role_and_section_and_paginated(api):
    page = api.get(f"{BASE}hk-genai-2025-12/questions/?role=provider&page_size=10").json()
    assert len(page["results"]) == 10 and {q["role"] for q in page["results"]} == {"provider"}
    codes = [q["code"] for q in page["results"]]
    while page["next"]:
        page = api.get(page["next"].removeprefix("http://testserver")).json()
        codes += [q["code"] for q in page["results"]]
    assert len(codes) == len(set(codes)) == 66
    section = api.get(f"{BASE}hk-genai-2025-12/questions/?role=provider&section=privacy&page_size=100").json()
    assert {q["section"] for q in section["results"]} == {"privacy"} and len(section["results"]) == 12


def test_obligations_and_triage_questions_are_public(api):
    obligations = api.get(f"{BASE}hk-genai-2025-12/obligations/?role=user&page_size=100").json()["results"]
    assert len(obligations) == 70
    triage = api.get(f"{BASE}hk-genai-2025-12/triage-questions/").json()
    assert len(triage) == 13 and triage[0]["options"]


def test_content_speaks_the_request_s_language(api):
    english = api.get(f"{BASE}hk-genai-2025-12/triage-questions/").json()[0]["text"]
    chinese = api.get(f"{BASE}hk-genai-2025-12/triage-questions/", HTTP_ACCEPT_LANGUAGE="zh-hant").json()[0][
        "text"
    ]
    assert english != chinese and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)


def test_a_blank_filter_is_refused(api):
    response = api.get(f"{BASE}hk-genai-2025-12/questions/?role=")
    assert response.status_code == 400 and response.json()["errors"][0]["pointer"] == "#/role"


def test_obligations_carry_crosswalks_and_the_reason_they_are_not_scored(api):
    Obligation.objects.filter(version__code="hk-genai-2025-12", code="USR-PRIV-03").update(
        crosswalks=[{"framework": "pdpo-dpp", "ref": "DPP4"}], unscored_reason_en="Free text only."
    )
    obligations = api.get(f"{BASE}hk-genai-2025-12/obligations/?role=user&page_size=100").json()["results"]
    mapped = next(o for o in obligations if o["code"] == "USR-PRIV-03")
    assert mapped["crosswalks"] == [{"framework": "pdpo-dpp", "ref": "DPP4"}]
    assert mapped["unscored_reason"] == "Free text only."
    assert all(o["crosswalks"] == [] for o in obligations if o["code"] != "USR-PRIV-03")
