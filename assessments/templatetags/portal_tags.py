from django import template
from django.utils.translation import gettext_lazy as _

from assessments.models import SECTOR_CHOICES, AISystem, Assessment, AssessmentResult, Membership
from guideline_content.models import Obligation
from portal import landing
from portal.text import list_separator, section_reference

register = template.Library()

# Codes shown outside their model instance (annotations, stored results), by kind.
LABELS = {
    "role": dict(Membership.Role.choices),
    "rating": dict(AssessmentResult.Rating.choices),
    "criticality": dict(Obligation.Criticality.choices),
    "status": dict(Assessment.Status.choices),
    "severity": {"critical": _("Critical"), "high": _("High"), "medium": _("Medium"), "low": _("Low")},
    "sector": dict(SECTOR_CHOICES),
    "deployment": dict(AISystem.Status.choices),
}


@register.filter
def label(code: str, kind: str) -> str:
    """The label of a stored code in the reader's language: {{ gap.severity|label:"severity" }}."""
    return str(LABELS[kind].get(code, code))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def describe(item, answer_or_snapshot) -> str:
    """How an answer (or a history snapshot) reads, with option labels in the current language."""
    snapshot = (
        answer_or_snapshot.snapshot() if hasattr(answer_or_snapshot, "snapshot") else answer_or_snapshot
    )
    return item.describe(snapshot)


@register.filter
def labels(codes, kind: str) -> str:
    """Several stored codes as one list of labels: {{ obligation.sectors|labels:"sector" }}."""
    return list_separator().join(label(code, kind) for code in codes or [])


@register.filter
def joined(items) -> str:
    """Items joined with the reader's list separator (a full-width semicolon in Chinese)."""
    return list_separator().join(str(item) for item in items if item not in (None, ""))


@register.filter
def section(number: str) -> str:
    """A guideline section reference in the reader's language: {{ obligation.section|section }}."""
    return section_reference(number)


@register.inclusion_tag("_landing_messages.html", takes_context=True)
def landing_messages(context, *part) -> dict:
    """Where a redirect lands in the middle of a page: the messages that say what just happened there.
    The part's id may be given in pieces: {% landing_messages "comment-" comment.pk %}."""
    request = context.get("request")
    return {"landed": landing.messages_at(request, "".join(map(str, part))) if request else []}


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    return list_separator()


@register.filter
def answer_label(item) -> str:
    """The stored answer of a questionnaire item as its option label (or the free text itself)."""
    return item.label_of(item.answer.value) if item.answer else ""
