"""Template hooks through which the organisation's pages show the DPO's review (comments, state,
actions) without their views knowing about it. The discussion is read once per page and kept on the
assessment object, so the number of queries does not grow with the number of questions."""

from django import template

from assessments import permissions, workflow
from assessments.permissions import Action
from assessments.workflow import Actor, Move
from reviews import selectors

register = template.Library()


@register.filter
def label_of(item, value: str) -> str:
    """The option label of an answer value, in the reader's language."""
    return item.label_of(value)


def _discussion(assessment) -> selectors.Discussion:
    if not hasattr(assessment, "_review_discussion"):
        assessment._review_discussion = selectors.discussion_of(assessment)
    return assessment._review_discussion


@register.simple_tag
def question_threads(assessment, code: str) -> list:
    """The DPO's comments on one question (all rounds), with their replies."""
    return _discussion(assessment).by_question.get(code, [])


@register.simple_tag
def may_reply(assessment) -> bool:
    return assessment.status in workflow.ORGANISATION_REPLIES and permissions.can(
        getattr(assessment, "my_role", None), Action.REPLY
    )


@register.simple_tag
def review_threads(assessment) -> list:
    return _discussion(assessment).threads


@register.inclusion_tag("reviews/_assessment_review.html", takes_context=True)
def review_panel(context, assessment):
    """The review's state, decision, comments and the owner's moves, on the assessment page."""
    role = getattr(assessment, "my_role", None)
    moves = workflow.moves_from(assessment.status, Actor.OWNER) if permissions.can(role, Action.SEND) else []
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "assessment": assessment,
        "discussion": _discussion(assessment),
        "can_send": Move.SEND_FOR_REVIEW in moves,
        "can_resubmit": Move.RESUBMIT in moves,
        "can_withdraw": Move.WITHDRAW in moves,
        "reply_allowed": may_reply(assessment),
    }
