"""Two people acting at once: exactly one move succeeds, the other is told why and nothing else
changes. Real concurrent transactions need PostgreSQL (SQLite serialises writers anyway)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from assessments.models import Assessment, AuditEvent
from assessments.services import review
from assessments.workflow import Move

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def race(*attempts):
    """Run the attempts in threads released together; each returns "done" or the refusal's message."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            barrier.wait(timeout=10)
            attempt()
            return "done"
        except review.ReviewRefused as exc:
            return str(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(len(attempts)) as pool:
        return list(pool.map(run, attempts))


def fresh(pk):
    return Assessment.objects.get(pk=pk)


def test_two_reviewers_taking_at_once_one_wins(guideline, sent, reviewer, second_reviewer):
    outcomes = race(
        lambda: review.start_review(assessment=fresh(sent.pk), by=reviewer),
        lambda: review.start_review(assessment=fresh(sent.pk), by=second_reviewer),
    )
    assert outcomes.count("done") == 1
    assert "It cannot be taken for review now" in [o for o in outcomes if o != "done"][0]
    winner = fresh(sent.pk).reviewer
    assert winner in (reviewer, second_reviewer)
    assert AuditEvent.objects.filter(assessment=sent, action=AuditEvent.Action.REVIEW_STARTED).count() == 1


def test_approve_and_reject_at_once_leave_one_final_decision(guideline, in_review, reviewer):
    outcomes = race(
        lambda: review.decide(assessment=fresh(in_review.pk), move=Move.APPROVE, reason="Yes", by=reviewer),
        lambda: review.decide(assessment=fresh(in_review.pk), move=Move.REJECT, reason="No", by=reviewer),
    )
    assert outcomes.count("done") == 1
    assert "the decision is final" in [o for o in outcomes if o != "done"][0]
    decided = fresh(in_review.pk)
    decisions = AuditEvent.objects.filter(
        assessment=in_review, action__in=[AuditEvent.Action.APPROVED, AuditEvent.Action.REJECTED]
    )
    assert decisions.count() == 1 and decisions.get().action == decided.status


def test_a_withdrawal_racing_a_decision_one_wins(guideline, in_review, reviewer, owner):
    outcomes = race(
        lambda: review.withdraw(assessment=fresh(in_review.pk), by=owner),
        lambda: review.decide(assessment=fresh(in_review.pk), move=Move.APPROVE, reason="Yes", by=reviewer),
    )
    assert outcomes.count("done") == 1
    assert fresh(in_review.pk).status in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED)
