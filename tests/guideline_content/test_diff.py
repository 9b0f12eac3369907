"""diff_guideline between the shipped versions shows each change of facts §1.6, and nothing else."""

from django.core.management import call_command

from guideline_content.diff import diff_versions
from guideline_content.loader import DATA_DIR
from guideline_content.validation import read_version

POLICY = {f"USR-POL-{n:02d}" for n in range(1, 16)}
POLICY_QUESTIONS = {f"USR-Q-POL-{n:02d}" for n in range(1, 16)}
EXPECTED = {
    # §2.1.2: "Regulatory Strategy" -> "Governance Strategy"; v1.1 compares itself with Singapore and Japan
    ("changed", "version", "hk-genai-2025-12"),
    # §2.1.2: the low tier's "minimal regulatory burden" became "minimal risks"
    ("changed", "risk tier", "low"),
    # App. §3: the reference list is new in v1.1
    *{("added", "reference", code) for code in (
        "ref-ethical-ai-framework", "ref-pcpd-employee-genai-checklist",
        "ref-mainland-genai-interim-measures", "ref-mainland-ai-labelling-measures",
        "ref-gbt-45652-2025", "ref-gbt-45674-2025", "ref-gbt-45654-2025")},
    # §3.2.1 Ensure Data Security: training opt-out and a personal-data complaints channel
    ("added", "obligation", "PRO-DATA-09"), ("added", "question", "PRO-Q-DATA-05"),
    ("added", "obligation", "PRO-DATA-10"), ("added", "question", "PRO-Q-DATA-06"),
    # §3.2.2 Risk Assessment: interpretability -> explainability
    ("changed", "obligation", "PRO-RISK-02"), ("changed", "question", "PRO-Q-RISK-02"),
    # §3.3 Legal and Regulated Use: the employer; others' reputation; organisation policies at work
    ("changed", "obligation", "USR-LEGAL-01"), ("changed", "question", "USR-Q-LEGAL-01"),
    ("added", "obligation", "USR-LEGAL-05"), ("added", "question", "USR-Q-LEGAL-04"),
    ("added", "obligation", "USR-LEGAL-06"), ("added", "question", "USR-Q-LEGAL-05"),
    # §3.3 Maintain Independent Discretion: ask providers to correct or remove inaccurate data
    ("added", "obligation", "USR-DISC-05"), ("added", "question", "USR-Q-DISC-03"),
    # §3.3 Establish Organisation Policies and Guidelines: the 15 elements
    ("added", "topic", "USR-T-POLICY"),
    *{("added", "obligation", code) for code in POLICY},
    *{("added", "question", code) for code in POLICY_QUESTIONS},
    # §3.3 Understand Responsibilities: "bias"; anonymise personal data before input
    ("changed", "obligation", "USR-RESP-02"), ("changed", "question", "USR-Q-RESP-02"),
    ("added", "obligation", "USR-RESP-04"), ("added", "question", "USR-Q-RESP-03"),
    # §3.3 Citation and Attribution: watermark, label, metadata, digital signature
    ("changed", "obligation", "USR-CITE-01"), ("changed", "question", "USR-Q-CITE-01"),
    # §3.3 Respect for IP: from "avoid generating" to "avoid using"
    ("changed", "obligation", "USR-IP-01"), ("changed", "question", "USR-Q-IP-01"),
}  # fmt: skip


def shipped_diff():
    return diff_versions(
        read_version(DATA_DIR / "hk-genai-2025-04"), read_version(DATA_DIR / "hk-genai-2025-12")
    )


def test_the_shipped_versions_differ_exactly_as_the_guideline_does():
    assert {(c.kind, c.item, c.code) for c in shipped_diff()} == EXPECTED


def test_changed_items_name_the_changed_fields():
    changes = {c.code: c.fields for c in shipped_diff() if c.kind == "changed"}
    assert changes["hk-genai-2025-12"] == ("legal_nature", "tier_strategy_heading")
    assert changes["low"] == ("definition",)
    assert changes["USR-IP-01"] == ("statement",)


def test_a_version_compared_with_itself_has_no_changes():
    bundle = read_version(DATA_DIR / "hk-genai-2025-12")
    assert diff_versions(bundle, bundle) == []


def test_diff_command_lists_changes_by_code(capsys):
    call_command("diff_guideline", "hk-genai-2025-04", "hk-genai-2025-12", "--codes")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"hk-genai-2025-04 -> hk-genai-2025-12: {len(EXPECTED)} change(s)"
    assert "added    obligation       PRO-DATA-09" in out
    assert "changed  obligation       PRO-RISK-02 (statement)" in out


def test_removed_items_are_listed(mini_dir):
    bundle = read_version(mini_dir)
    assert [str(c) for c in diff_versions(read_version(DATA_DIR / "hk-genai-2025-12"), bundle)][:1]
    removed = {
        c.code
        for c in diff_versions(read_version(DATA_DIR / "hk-genai-2025-12"), bundle)
        if c.kind == "removed"
    }
    assert "PRO-DATA-09" in removed
