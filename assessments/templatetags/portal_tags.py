from django import template

from assessments.models import Membership

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
