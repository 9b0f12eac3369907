"""The review workflow: the one table of which move takes an assessment from which states to which.

Submitting (draft → submitted) stays the organisation's internal step and lives with the
questionnaire services. Everything after it, up to the DPO's final decision, is listed here; the
services in `assessments/services/review.py` apply a move with a conditional UPDATE on these states,
so two people acting at once cannot both succeed.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment

Status = Assessment.Status


class Move(StrEnum):
    SEND_FOR_REVIEW = "send_for_review"
    START_REVIEW = "start_review"
    REQUEST_CHANGES = "request_changes"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"


class Actor(StrEnum):
    OWNER = "owner"  # an owner of the assessment's organisation
    REVIEWER = "reviewer"  # the DPO reviewer assigned to it (taking it assigns it)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    actor: Actor
    verb: Promise  # "It cannot be <verb> now": used in the message of a refusal


TRANSITIONS: dict[Move, Transition] = {
    Move.SEND_FOR_REVIEW: Transition(
        frozenset({Status.SUBMITTED}), Status.SENT_FOR_REVIEW, Actor.OWNER, _("sent for review")
    ),
    Move.START_REVIEW: Transition(
        frozenset({Status.SENT_FOR_REVIEW}), Status.IN_REVIEW, Actor.REVIEWER, _("taken for review")
    ),
    Move.REQUEST_CHANGES: Transition(
        frozenset({Status.IN_REVIEW}), Status.CHANGES_REQUESTED, Actor.REVIEWER, _("returned for changes")
    ),
    # Back to the queue as a new revision, scored again.
    Move.RESUBMIT: Transition(
        frozenset({Status.CHANGES_REQUESTED}), Status.SENT_FOR_REVIEW, Actor.OWNER, _("resubmitted")
    ),
    Move.APPROVE: Transition(frozenset({Status.IN_REVIEW}), Status.APPROVED, Actor.REVIEWER, _("approved")),
    Move.REJECT: Transition(frozenset({Status.IN_REVIEW}), Status.REJECTED, Actor.REVIEWER, _("rejected")),
    # The organisation takes back what it sent, while the DPO has not decided: the DPO no longer sees it.
    Move.WITHDRAW: Transition(
        frozenset({Status.SENT_FOR_REVIEW, Status.IN_REVIEW, Status.CHANGES_REQUESTED}),
        Status.SUBMITTED,
        Actor.OWNER,
        _("withdrawn from review"),
    ),
}

# What the DPO may see: whatever the organisation has sent and not withdrawn, decided or not.
SENT_TO_DPO = frozenset(
    {Status.SENT_FOR_REVIEW, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED, Status.REJECTED}
)
DECIDED = frozenset({Status.APPROVED, Status.REJECTED})
# A reviewer may be (re)assigned until the decision.
ASSIGNABLE = frozenset({Status.SENT_FOR_REVIEW, Status.IN_REVIEW})
# Reviewers comment while they review; the organisation replies while the assessment is back with it.
REVIEWER_COMMENTS = frozenset({Status.IN_REVIEW})
ORGANISATION_REPLIES = frozenset({Status.CHANGES_REQUESTED})


def allowed(move: Move, status: str) -> bool:
    return status in TRANSITIONS[move].sources


def moves_from(status: str, actor: Actor) -> list[Move]:
    """The moves `actor` may make from `status`, in table order (what the page offers)."""
    return [m for m, t in TRANSITIONS.items() if t.actor == actor and status in t.sources]


def refusal(move: Move, status: str) -> str:
    """Why `move` cannot be made from `status`, in words for the user."""
    label = Status(status).label
    if status in DECIDED:
        return str(
            _("This assessment was %(label)s by the DPO: the decision is final.") % {"label": label.lower()}
        )
    return str(
        _("It cannot be %(verb)s now: it is “%(label)s”.") % {"verb": TRANSITIONS[move].verb, "label": label}
    )
