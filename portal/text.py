"""Small pieces of wording that depend on the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def list_separator() -> str:
    # Chinese text takes the full-width semicolon; an ASCII "; " in it reads as a typo.
    return pgettext("between items of a list", "; ")


def section_reference(section: str) -> str:
    """A guideline section as the reader writes it: "§3.2.1", and "Appendix §2.2.2" for the appendix
    (stored as "App. 2.2.2", the guideline's own abbreviation)."""
    section = (section or "").strip()
    if not section:
        return ""
    if section.startswith("App."):
        return _("Appendix §%(number)s") % {"number": section.removeprefix("App.").strip()}
    return f"§{section}"
