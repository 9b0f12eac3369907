"""The other frameworks a recommendation can be mapped to, and how a stored mapping is shown.

Every mapping is the portal's own reading: neither the DPO nor the other frameworks' owners publish
one, and pages that show a mapping say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guideline_content.schema import CrosswalkFramework

FRAMEWORK_NAMES = {
    CrosswalkFramework.PCPD_MODEL_FRAMEWORK.value: _(
        "PCPD Artificial Intelligence: Model Personal Data Protection Framework (2024)"
    ),
    CrosswalkFramework.PDPO_DPP.value: _("PDPO Data Protection Principles (Cap. 486, Schedule 1)"),
    CrosswalkFramework.DPO_ETHICAL_AI.value: _("DPO Ethical Artificial Intelligence Framework"),
    CrosswalkFramework.ISO_42001.value: _("ISO/IEC 42001:2023"),
    CrosswalkFramework.NIST_AI_RMF.value: _("NIST AI Risk Management Framework 1.0"),
}
FRAMEWORK_SHORT_NAMES = {
    CrosswalkFramework.PCPD_MODEL_FRAMEWORK.value: _("PCPD Model Framework"),
    CrosswalkFramework.PDPO_DPP.value: _("PDPO"),
    CrosswalkFramework.DPO_ETHICAL_AI.value: _("Ethical AI Framework"),
    CrosswalkFramework.ISO_42001.value: _("ISO/IEC 42001"),
    CrosswalkFramework.NIST_AI_RMF.value: _("NIST AI RMF"),
}


@dataclass(frozen=True)
class CrosswalkRef:
    framework: str
    ref: str
    note: str

    @property
    def framework_name(self) -> str:
        return str(FRAMEWORK_NAMES[self.framework])

    @property
    def label(self) -> str:
        return f"{FRAMEWORK_SHORT_NAMES[self.framework]} {self.ref}"


def framework_choices() -> list[tuple[str, str]]:
    return [(slug, str(name)) for slug, name in FRAMEWORK_NAMES.items()]


def refs_of(stored: list[dict]) -> list[CrosswalkRef]:
    """An obligation's stored crosswalks in the active language, in stored order."""
    zh = (get_language() or "en").lower().startswith("zh")
    out = []
    for item in stored or []:
        note = item.get("note") or {}
        out.append(
            CrosswalkRef(
                framework=item["framework"],
                ref=item["ref"],
                note=note.get("zh_hant" if zh else "en", ""),
            )
        )
    return out


def matches(stored: list[dict], framework: str) -> bool:
    return any(item["framework"] == framework for item in stored or [])
