"""Questionnaire revision 2 of both editions (issue 11): one test per class of correction, reading the
revision's YAML files directly, so that each fault fails a test if it comes back."""

import hashlib
import re
import shutil
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings

from guideline_content import schema
from guideline_content.loader import DATA_DIR
from guideline_content.sectors import SECTORS
from guideline_content.validation import read_version

EDITIONS = ["hk-genai-2025-12", "hk-genai-2025-04"]
ROLES = ["developer", "provider", "user"]
CONTENT_FILES = ["schemes.yaml", "triage.yaml"] + [
    f"{kind}/{role}.yaml" for kind in ("obligations", "questions") for role in ROLES
]
# A frozen edition never changes: the first 128 bits of each file's SHA-256 as first shipped.
EDITION_SHA256 = {
    "hk-genai-2025-12/version.yaml": "f54129976d92fd3e44bde025863d5731",
    "hk-genai-2025-12/framework.yaml": "5f0956fc6753091a97d0cf00c891b5ca",
    "hk-genai-2025-12/schemes.yaml": "fd18bdd6066554ac67c67ded25a84e15",
    "hk-genai-2025-12/triage.yaml": "850aae2f425126500597a186d6ef0ec2",
    "hk-genai-2025-12/obligations/developer.yaml": "c17e34df0fe3fdf85e24a324c1ae7623",
    "hk-genai-2025-12/obligations/provider.yaml": "d85dd2c2f6384eb275cf3f0180be4ae3",
    "hk-genai-2025-12/obligations/user.yaml": "3db8b0ef1347edc4b851ae171531319b",
    "hk-genai-2025-12/questions/developer.yaml": "1d2ef2a010129b52e7c464fa6352fbfd",
    "hk-genai-2025-12/questions/provider.yaml": "631259bfcb48738f9ebed23fa3fce84f",
    "hk-genai-2025-12/questions/user.yaml": "eca0a34e841efbec8d91d9d1d1c63933",
    "hk-genai-2025-04/version.yaml": "a49f85be0961147cdcc9ee26937d41df",
    "hk-genai-2025-04/framework.yaml": "688997fc09261c6c3874296986fbcd18",
    "hk-genai-2025-04/schemes.yaml": "fd18bdd6066554ac67c67ded25a84e15",
    "hk-genai-2025-04/triage.yaml": "850aae2f425126500597a186d6ef0ec2",
    "hk-genai-2025-04/obligations/developer.yaml": "c17e34df0fe3fdf85e24a324c1ae7623",
    "hk-genai-2025-04/obligations/provider.yaml": "09822635c14394b7a4ea1dc8d09a7816",
    "hk-genai-2025-04/obligations/user.yaml": "e32f30bad11028c1dd08ca6549006580",
    "hk-genai-2025-04/questions/developer.yaml": "1d2ef2a010129b52e7c464fa6352fbfd",
    "hk-genai-2025-04/questions/provider.yaml": "3ff5e024fab17b57eb46510fe2c50ba1",
    "hk-genai-2025-04/questions/user.yaml": "9dbaf8cbdee0d4a15b3b13799adf403f",
}
COMPOUND = re.compile(r"\band\b.*\band\b|\bor\b", re.IGNORECASE)
LIMITED_TIER_MEASURES = ["transparency", "information", "tell", "opt-out", "opt out", "annual", "audit"]


def revision(edition: str) -> Path:
    return DATA_DIR / f"{edition}-r2"


def load(edition: str, name: str):
    return yaml.safe_load((revision(edition) / name).read_text(encoding="utf-8"))


def texts(node):
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and "zh_hant" in node:
            yield node
        else:
            for value in node.values():
                yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


def all_texts(edition: str):
    for name in CONTENT_FILES:
        yield from texts(load(edition, name))


def obligations(edition: str, role: str) -> list[dict]:
    return load(edition, f"obligations/{role}.yaml")["obligations"]


def questions(edition: str, role: str) -> list[dict]:
    return load(edition, f"questions/{role}.yaml")["questions"]


@pytest.mark.parametrize("path", sorted(EDITION_SHA256))
def test_the_frozen_editions_are_byte_identical_to_those_first_shipped(path):
    digest = hashlib.sha256((DATA_DIR / path).read_bytes()).hexdigest()[:32]
    assert digest == EDITION_SHA256[path], f"{path} changed: a frozen edition is never edited"


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_revision_has_the_contracted_files_and_no_edition_files(edition):
    names = {p.relative_to(revision(edition)).as_posix() for p in revision(edition).rglob("*.yaml")}
    assert names == set(CONTENT_FILES) | {"revision.yaml", "question-wording-review.yaml"}
    meta = load(edition, "revision.yaml")
    assert set(meta) == {"edition", "revision", "status", "published_on", "notes"}
    assert (meta["edition"], meta["revision"]) == (edition, 2)
    assert meta["notes"]["en"].strip() and meta["notes"]["zh_hant"].strip()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_revision_validates_with_its_editions_version_and_framework(edition, tmp_path):
    target = tmp_path / edition
    shutil.copytree(revision(edition), target, ignore=shutil.ignore_patterns("revision.yaml", "question-*"))
    for name in ("version.yaml", "framework.yaml"):
        shutil.copy(DATA_DIR / edition / name, target / name)
    bundle = read_version(target)
    assert bundle.version.code == edition


# ---------------------------------------------------------------- A. attributions


@pytest.mark.parametrize("edition", EDITIONS)
def test_limited_tier_measures_applied_higher_say_that_is_the_portals_reading(edition):
    for role in ROLES:
        for ob in obligations(edition, role):
            if ob["section"] != "2.1.2" or set(ob["tiers"]) != {"unacceptable", "high", "limited"}:
                continue
            statement = ob["statement"]["en"].lower()
            assert any(m in statement for m in LIMITED_TIER_MEASURES), ob["code"]
            assert "the portal's reading" in ob["rationale"]["en"], ob["code"]
            assert "本平台的理解" in ob["rationale"]["zh_hant"], ob["code"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_claims_the_guideline_does_not_make_are_gone(edition):
    unsupported = ["named executive", "rather than ordinary testing alone", "the guideline requires"]
    for text in all_texts(edition):
        for claim in unsupported:
            assert claim not in text["en"].lower(), text["en"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_self_certification_is_kept_alike_by_all_three_roles(edition):
    found = {}
    for role in ROLES:
        for ob in obligations(edition, role):
            if ob["section"] == "2.1.2" and "self-" in ob["statement"]["en"]:
                found[role] = ob
    assert set(found) == set(ROLES)
    assert all(set(ob["tiers"]) == {"unacceptable", "high", "limited", "low"} for ob in found.values())
    assert all("portal's choice" in ob["rationale"]["en"] for ob in found.values())


# ---------------------------------------------------------------- B. Chinese register and terminology


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_never_has_the_guideline_require_what_the_english_only_recommends(edition):
    for text in all_texts(edition):
        if re.search(r"requir|demand|must", text["en"], re.IGNORECASE):
            continue
        for sentence in re.split(r"[。；]", text["zh_hant"]):
            subject = re.search(r"指引|原則|風險分級表|附錄", sentence)
            assert not (subject and "要求" in sentence[subject.start() :]), text["zh_hant"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_what_good_looks_like_and_the_form_of_address_have_one_rendering(edition):
    for role in ROLES:
        for q in questions(edition, role):
            assert q["help"]["en"].startswith("What good looks like: "), q["code"]
            assert q["help"]["zh_hant"].startswith("理想做法："), q["code"]
    for text in all_texts(edition):
        assert "你" not in text["zh_hant"], text["zh_hant"]


def catalogue() -> polib.POFile:
    return polib.pofile(str(Path(settings.BASE_DIR) / "locale/zh_Hant/LC_MESSAGES/django.po"))


def test_rating_labels_speak_of_alignment_not_legal_compliance():
    entries = {e.msgid: e.msgstr for e in catalogue()}
    labels = [entries["Aligned"], entries["Partly aligned"], entries["Not aligned"]]
    assert labels == ["相符", "部分相符", "未相符"]
    assert not any("符合" in label for label in labels)


def test_alignment_is_never_called_a_degree_of_compliance():
    # 符合 stays where it means "meets a rule or filter" or names legal compliance to deny it
    for entry in catalogue():
        text = entry.msgstr + "".join(entry.msgstr_plural.values())
        assert "符合程度" not in text, entry.msgid
        if "fully met" in entry.msgid or "meeting it would add" in entry.msgid:
            assert "符合" not in text, entry.msgid


def test_the_ui_has_one_rendering_for_what_good_looks_like_triage_and_address():
    for entry in catalogue():
        if entry.obsolete or not entry.msgstr:
            continue
        if "good looks like" in entry.msgid.lower():
            assert "理想做法" in entry.msgstr, entry.msgid
        if "triage" in entry.msgid.lower():
            assert "分流" not in entry.msgstr, entry.msgid
        assert "你" not in entry.msgstr, entry.msgid


def test_the_ui_calls_the_guidelines_items_recommendations():
    for entry in catalogue():
        if entry.obsolete:
            continue
        visible = re.sub(r"%\(\w+\)s", "", entry.msgid)
        model_names = {"obligation", "obligations"}  # admin field names; the pages say "recommendation"
        assert "obligation" not in visible.lower() or entry.msgid in model_names, entry.msgid


# ---------------------------------------------------------------- C. questions


@pytest.mark.parametrize("edition", EDITIONS)
def test_compound_yes_partly_no_questions_are_split_or_reviewed(edition):
    review = load(edition, "question-wording-review.yaml")
    flagged = {
        q["code"]
        for role in ROLES
        for q in questions(edition, role)
        if q["scheme"] == "yes_partly_no" and COMPOUND.search(q["text"]["en"])
    }
    assert flagged - set(review["questions"]) == set(), "split these questions or review them"
    assert set(review["questions"]) - flagged == set(), "stale entries in the review list"
    assert set(review["questions"].values()) <= set(review["reasons"])


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_question_answers_for_many_recommendations_at_once(edition):
    for role in ROLES:
        for q in questions(edition, role):
            assert len(q["obligations"]) <= 4, q["code"]


def test_near_duplicate_questions_on_one_practice_stay_merged():
    by_code = {q["code"]: q for q in questions("hk-genai-2025-12", "user")}
    assert "USR-Q-RESP-03" not in by_code
    assert by_code["USR-Q-PRIV-01"]["obligations"] == ["USR-PRIV-03", "USR-RESP-04"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_maturity_questions_ask_how_mature_a_practice_is(edition):
    misfits = re.compile(r"^How (quickly|fast|robust|firmly|strongly|far|complete)\b")
    for role in ROLES:
        for q in questions(edition, role):
            if q["scheme"] == "maturity":
                assert not misfits.match(q["text"]["en"]), q["code"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_redrawn_options_leave_one_answer_for_each_case(edition):
    by_code = {q["code"]: q for role in ROLES for q in questions(edition, role)}
    sec10 = [o["label"]["en"] for o in by_code["DEV-Q-SEC-10"]["options"]]
    assert "Between one and two years ago" in sec10 and "Within the last two years" not in sec10
    tier07 = {o["code"] for o in by_code["PRO-Q-TIER-07"]["options"]}
    assert {"recent_tracked", "annual"} <= tier07
    # notice and opt-out are two questions: no option has to describe a combination of both
    assert by_code["PRO-Q-TIER-04"]["obligations"] == ["PRO-TIER-05"]
    assert by_code["PRO-Q-TIER-04b"]["obligations"] == ["PRO-TIER-06"]
    disc02 = {o["code"] for o in by_code["USR-Q-DISC-02"]["options"]}
    assert "all_untimely" in disc02
    for q in by_code.values():
        labels = [o["label"]["en"] for o in q.get("options", [])]
        assert len(labels) == len(set(labels)), q["code"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_recommendation_is_scored_or_says_why_not(edition):
    kinds = {s["code"]: s["kind"] for s in load(edition, "schemes.yaml")["schemes"]}
    for role in ROLES:
        scored = {
            c for q in questions(edition, role) if kinds[q["scheme"]] != "text" for c in q["obligations"]
        }
        for ob in obligations(edition, role):
            if ob["code"] not in scored:
                reason = ob.get("unscored_reason") or {}
                assert reason.get("en") and reason.get("zh_hant"), ob["code"]
            else:
                assert "unscored_reason" not in ob, ob["code"]


# ---------------------------------------------------------------- D. missing items


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_role_treats_safety_personal_data_and_reliability_as_non_negotiable(edition):
    for role in ROLES:
        every_sector = [
            ob for ob in obligations(edition, role) if ob["section"] == "App. 2.2.2" and not ob.get("sectors")
        ]
        assert any("non-negotiable" in ob["statement"]["en"] for ob in every_sector), role


@pytest.mark.parametrize("edition", EDITIONS)
def test_autonomous_vehicles_are_a_sector_placed_in_the_high_tier(edition):
    triage = load(edition, "triage.yaml")
    sector = next(q for q in triage["questions"] if q["code"] == "sector")
    assert "autonomous_vehicles" in {o["code"] for o in sector["options"]}
    assert "autonomous_vehicles" in {code for code, _ in SECTORS}
    rule = next(r for r in triage["tier_rules"] if r["code"] == "rule-autonomous-vehicles")
    assert rule["tier"] == "high"
    for role in ROLES:
        assert any("autonomous_vehicles" in ob.get("sectors", []) for ob in obligations(edition, role)), role


@pytest.mark.parametrize("edition", EDITIONS)
def test_providers_get_the_pcpd_chatbot_tips_and_users_get_sector_items(edition):
    assert any("10 Tips" in ob["statement"]["en"] for ob in obligations(edition, "provider"))
    user_sectors = {s for ob in obligations(edition, "user") for s in ob.get("sectors", [])}
    assert {"finance", "healthcare", "retail", "logistics"} <= user_sectors


def test_the_fifteen_policy_elements_credit_the_pcpd_checklist():
    policy = [ob for ob in obligations("hk-genai-2025-12", "user") if ob["code"].startswith("USR-POL-")]
    assert len(policy) == 15
    assert all("PCPD's Checklist" in ob["rationale"]["en"] for ob in policy)
    assert all("私隱專員公署" in ob["rationale"]["zh_hant"] for ob in policy)


# ---------------------------------------------------------------- E. provider headings


@pytest.mark.parametrize("edition", EDITIONS)
def test_provider_topics_use_the_guidelines_own_headings(edition):
    titles = {t["code"]: t["title"]["en"] for t in load(edition, "obligations/provider.yaml")["topics"]}
    assert titles["PRO-T-COMPLIANCE"] == "Ensure Service Compliance"
    assert titles["PRO-T-SYSSEC"] == "Ensuring System Security"
    assert titles["PRO-T-CREDIBILITY"] == "Ensuring System Credibility"
    assert titles["PRO-T-PILOT"] == "Pilot Projects"


# ---------------------------------------------------------------- F. crosswalks


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_item_that_names_the_pdpo_maps_to_its_data_protection_principles(edition):
    for role in ROLES:
        for ob in obligations(edition, role):
            if re.search(r"PDPO|Personal Data \(Privacy\) Ordinance", ob["statement"]["en"]):
                refs = {c["ref"] for c in ob.get("crosswalks", []) if c["framework"] == "pdpo-dpp"}
                assert refs, ob["code"]


def test_a_crosswalk_names_only_parts_the_portal_maps_to():
    schema.Crosswalk(framework="pdpo-dpp", ref="DPP4")
    schema.Crosswalk(framework="iso-iec-42001-2023", ref="A.7")
    schema.Crosswalk(framework="nist-ai-rmf-1-0", ref="GOVERN")
    for framework, ref in [("pdpo-dpp", "DPP7"), ("nist-ai-rmf-1-0", "Govern 1.1"), ("unknown", "x")]:
        with pytest.raises(ValueError):
            schema.Crosswalk(framework=framework, ref=ref)


def test_the_revision_notes_say_the_crosswalks_are_the_portals_own_mapping():
    for edition in EDITIONS:
        notes = load(edition, "revision.yaml")["notes"]
        assert "the portal's" in notes["en"] and "own mapping" in notes["en"]
        assert "本平台自行作出的對照" in notes["zh_hant"]
