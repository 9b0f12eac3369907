from django import template
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, AssessmentResult, Membership
from guideline_content.models import Obligation

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def role_label(code: str) -> str:
    return str(dict(Membership.Role.choices).get(code, code))


@register.filter
def describe(item, answer_or_snapshot) -> str:
    """How an answer (or a history snapshot) reads, with option labels in the current language."""
    snapshot = (
        answer_or_snapshot.snapshot() if hasattr(answer_or_snapshot, "snapshot") else answer_or_snapshot
    )
    return item.describe(snapshot)


@register.filter
def rating_label(code: str) -> str:
    return str(dict(AssessmentResult.Rating.choices).get(code, code))


@register.filter
def criticality_label(code: str) -> str:
    return str(dict(Obligation.Criticality.choices).get(code, code))


SEVERITY_LABELS = {"critical": _("Critical"), "high": _("High"), "medium": _("Medium"), "low": _("Low")}


@register.filter
def severity_label(code: str) -> str:
    return str(SEVERITY_LABELS.get(code, code))


@register.filter
def assessment_status_label(code: str) -> str:
    return str(dict(Assessment.Status.choices).get(code, code))
