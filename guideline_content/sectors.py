"""The one list of sectors, shared by the organisation and system registers and the triage question.

Its codes are the ones the guideline content's conditions use (sector recommendations of Appendix
§2.2.2, tier rules), so a sector chosen in the register can prefill triage as is. Published guideline
versions are frozen with the sector options they were loaded with; triage offers this list instead, which
keeps every code stored before valid (a test checks each shipped version's options are all here).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SECTOR_FACT = "sector"  # the triage question that asks for the sector

SECTORS = [
    ("finance", _("Banking and finance")),
    # The guideline gives insurance no recommendations of its own: it triages like "other".
    ("insurance", _("Insurance")),
    ("healthcare", _("Healthcare")),
    ("legal", _("Legal services")),
    ("education", _("Education")),
    ("journalism", _("Journalism and media")),
    ("tourism", _("Tourism and hospitality")),
    ("retail", _("Retail")),
    ("logistics", _("Logistics")),
    ("autonomous_vehicles", _("Autonomous vehicles")),
    ("industry", _("Industry and manufacturing")),
    ("public_sector", _("Public sector")),
    ("other", _("Other")),
]


@dataclass(frozen=True)
class SectorOption:
    """Shaped like a TriageOption, so forms, pages and the API read both alike."""

    code: str
    label: str


def sector_options() -> list[SectorOption]:
    return [SectorOption(code, str(label)) for code, label in SECTORS]
