from django import template
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, AssessmentResult, Membership
from guideline_content.models import Obligation

register = template.Library()

# Codes shown outside their model instance (annotations, stored results), by kind.
LABELS = {
    "role": dict(Membership.Role.choices),
    "rating": dict(AssessmentResult.Rating.choices),
    "criticality": dict(Obligation.Criticality.choices),
    "status": dict(Assessment.Status.choices),
    "severity": {"critical": _("Critical"), "high": _("High"), "medium": _("Medium"), "low": _("Low")},
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
