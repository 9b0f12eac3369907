"""The transition table and the services that apply it: every move allowed and refused."""

import pytest

from assessments import workflow
from assessments.models import Assessment, AssessmentResult, AuditEvent, Report, ReviewComment
from assessments.services import assessments as services
from assessments.services import review
from assessments.services.questionnaire import load_questionnaire
from assessments.workflow import Move
from tests.assessments.helpers import start
from tests.reviews.conftest import first_question_code

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def actions_of(assessment) -> list[str]:
    return list(
        AuditEvent.objects.filter(assessment=assessment).order_by("pk").values_list("action", flat=True)
    )


# ---------------------------------------------------------------- the table itself


@pytest.mark.parametrize("move", list(Move))
@pytest.mark.parametrize("status", list(Status))
def test_the_table_allows_a_move_exactly_from_its_source_states(move, status):
    assert workflow.allowed(move, status) is (status in workflow.TRANSITIONS[move].sources)


def test_nothing_leaves_a_decided_state():
    for status in workflow.DECIDED:
        assert workflow.moves_from(status, workflow.Actor.OWNER) == []
        assert workflow.moves_from(status, workflow.Actor.REVIEWER) == []


def test_a_refusal_of_a_decided_assessment_says_the_decision_is_final():
    assert "final" in workflow.refusal(Move.WITHDRAW, Status.APPROVED)


def test_a_refusal_names_the_current_state():
    assert "“Draft”" in workflow.refusal(Move.SEND_FOR_REVIEW, Status.DRAFT)


# ---------------------------------------------------------------- the organisation's moves


def test_sending_for_review_starts_round_one_and_records_it(submitted, owner):
    sent = review.send_for_review(assessment=submitted, by=owner)
    assert (sent.status, sent.review_round, sent.reviewer) == (Status.SENT_FOR_REVIEW, 1, None)
    assert sent.sent_for_review_at is not None
    assert actions_of(sent)[-1] == AuditEvent.Action.SENT_FOR_REVIEW


def test_a_draft_cannot_be_sent_and_nothing_changes(system, owner):
    draft = start(system, owner)
    with pytest.raises(review.ReviewRefused, match="Draft"):
        review.send_for_review(assessment=draft, by=owner)
    draft.refresh_from_db()
    assert (draft.status, draft.review_round) == (Status.DRAFT, 0)
    assert AuditEvent.Action.SENT_FOR_REVIEW not in actions_of(draft)


def test_sending_twice_is_refused(sent, owner):
    with pytest.raises(review.ReviewRefused, match="Sent for review"):
        review.send_for_review(assessment=sent, by=owner)
    sent.refresh_from_db()
    assert sent.review_round == 1


def test_a_returned_assessment_can_be_edited_again(returned, owner):
    item = load_questionnaire(returned).items[0]
    other = [o.code for o in item.options if o.code != item.answer.value][0]
    services.save_answer(assessment=returned, question=item.question, by=owner, value=other)
    assert returned.answers.get(question=item.question).value == other


def test_resubmitting_makes_a_new_revision_scored_again_in_a_new_round(
    returned, owner, django_capture_on_commit_callbacks
):
    revision = returned.revision
    with django_capture_on_commit_callbacks(execute=True):
        again = review.resubmit(assessment=returned, by=owner)
    assert (again.status, again.review_round, again.revision) == (Status.SENT_FOR_REVIEW, 2, revision + 1)
    assert AssessmentResult.objects.filter(assessment=again, revision=again.revision).exists()
    assert again.reviewer is not None  # the same reviewer gets it back


def test_resubmitting_with_a_missing_answer_is_refused(returned, owner):
    returned.answers.first().delete()
    with pytest.raises(review.ReviewRefused, match="missing"):
        review.resubmit(assessment=returned, by=owner)
    returned.refresh_from_db()
    assert returned.status == Status.CHANGES_REQUESTED


def test_an_owner_withdraws_an_undecided_assessment_and_the_dpo_loses_it(in_review, owner, reviewer):
    withdrawn = review.withdraw(assessment=in_review, by=owner)
    assert (withdrawn.status, withdrawn.reviewer) == (Status.SUBMITTED, None)
    with pytest.raises(review.ReviewRefused):
        review.add_comment(assessment=withdrawn, by=reviewer, body="Late")


def test_a_decided_assessment_cannot_be_withdrawn(in_review, owner, reviewer):
    review.decide(assessment=in_review, move=Move.APPROVE, reason="Aligned.", by=reviewer)
    with pytest.raises(review.ReviewRefused, match="final"):
        review.withdraw(assessment=in_review, by=owner)
    assert Assessment.objects.get(pk=in_review.pk).status == Status.APPROVED


# ---------------------------------------------------------------- the reviewer's moves


def test_taking_assigns_the_reviewer_and_starts_the_review(sent, reviewer):
    taken = review.start_review(assessment=sent, by=reviewer)
    assert (taken.status, taken.reviewer) == (Status.IN_REVIEW, reviewer)
    assert actions_of(taken)[-1] == AuditEvent.Action.REVIEW_STARTED


def test_an_assessment_taken_by_a_colleague_is_refused_with_their_name(in_review, second_reviewer):
    with pytest.raises(review.ReviewRefused, match="It cannot be taken for review now"):
        review.start_review(assessment=in_review, by=second_reviewer)


def test_an_assessment_assigned_to_a_colleague_cannot_be_taken(sent, dpo_admin, reviewer, second_reviewer):
    review.assign_reviewer(assessment=sent, reviewer=reviewer, by=dpo_admin)
    with pytest.raises(review.ReviewRefused, match="reviewer@dpo.example is reviewing"):
        review.start_review(assessment=sent, by=second_reviewer)
    assert Assessment.objects.get(pk=sent.pk).status == Status.SENT_FOR_REVIEW


def test_the_assigned_reviewer_starts_the_review(sent, dpo_admin, reviewer):
    review.assign_reviewer(assessment=sent, reviewer=reviewer, by=dpo_admin)
    assert review.start_review(assessment=sent, by=reviewer).status == Status.IN_REVIEW


def test_only_dpo_staff_can_be_assigned(sent, dpo_admin, owner):
    with pytest.raises(review.ReviewRefused, match="Only DPO"):
        review.assign_reviewer(assessment=sent, reviewer=owner, by=dpo_admin)


def test_a_decided_assessment_cannot_be_assigned(in_review, reviewer, dpo_admin, second_reviewer):
    review.decide(assessment=in_review, move=Move.REJECT, reason="Gaps.", by=reviewer)
    with pytest.raises(review.ReviewRefused, match="Rejected"):
        review.assign_reviewer(assessment=in_review, reviewer=second_reviewer, by=dpo_admin)


def test_requesting_changes_needs_a_comment_of_this_round(in_review, reviewer):
    with pytest.raises(review.ReviewRefused, match="at least one comment"):
        review.request_changes(assessment=in_review, by=reviewer)
    assert Assessment.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_requesting_changes_returns_it_to_the_organisation(returned):
    assert returned.status == Status.CHANGES_REQUESTED
    assert actions_of(returned)[-2:] == [AuditEvent.Action.COMMENTED, AuditEvent.Action.CHANGES_REQUESTED]


def test_only_the_assigned_reviewer_requests_changes(in_review, reviewer, second_reviewer):
    review.add_comment(assessment=in_review, by=reviewer, body="Fix this.")
    with pytest.raises(review.ReviewRefused, match="only the assigned reviewer"):
        review.request_changes(assessment=in_review, by=second_reviewer)


@pytest.mark.parametrize("move, status", [(Move.APPROVE, Status.APPROVED), (Move.REJECT, Status.REJECTED)])
def test_a_decision_is_recorded_with_its_reason(in_review, reviewer, move, status):
    decided = review.decide(assessment=in_review, move=move, reason="  Well evidenced.  ", by=reviewer)
    assert (decided.status, decided.decided_by, decided.decision_reason) == (
        status,
        reviewer,
        "Well evidenced.",
    )
    event = AuditEvent.objects.filter(assessment=decided).first()
    assert (event.action, event.detail["reason"]) == (status, "Well evidenced.")


def test_a_decision_needs_a_reason(in_review, reviewer):
    with pytest.raises(review.ReviewRefused, match="reason"):
        review.decide(assessment=in_review, move=Move.APPROVE, reason="   ", by=reviewer)
    assert Assessment.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_a_decision_waits_for_the_scores_of_the_revision(in_review, reviewer):
    AssessmentResult.objects.filter(assessment=in_review).delete()
    with pytest.raises(review.ReviewRefused, match="being computed"):
        review.decide(assessment=in_review, move=Move.APPROVE, reason="OK", by=reviewer)


def test_a_decision_is_final(in_review, reviewer):
    review.decide(assessment=in_review, move=Move.APPROVE, reason="OK", by=reviewer)
    with pytest.raises(review.ReviewRefused, match="final"):
        review.decide(assessment=in_review, move=Move.REJECT, reason="Changed my mind", by=reviewer)
    assert Assessment.objects.get(pk=in_review.pk).status == Status.APPROVED


def test_a_decision_requests_the_report_again_in_both_languages(in_review, reviewer):
    review.decide(assessment=in_review, move=Move.APPROVE, reason="OK", by=reviewer)
    reports = Report.objects.filter(assessment=in_review, assessment_status=Status.APPROVED)
    assert sorted(reports.values_list("language", flat=True)) == ["en", "zh-hant"]


# ---------------------------------------------------------------- comments


def test_comments_belong_to_their_round_and_question(in_review, reviewer):
    code = first_question_code(in_review)
    comment = review.add_comment(assessment=in_review, by=reviewer, body="Why?", question_code=code)
    assert (comment.round, comment.question.code, comment.is_open) == (1, code, True)


def test_a_comment_on_an_unknown_question_is_refused(in_review, reviewer):
    with pytest.raises(review.ReviewRefused, match="not part"):
        review.add_comment(assessment=in_review, by=reviewer, body="?", question_code="NOPE.1")
    assert not ReviewComment.objects.exists()


def test_an_empty_comment_is_refused(in_review, reviewer):
    with pytest.raises(review.ReviewRefused):
        review.add_comment(assessment=in_review, by=reviewer, body="  ")


def test_a_colleague_cannot_comment_on_someone_elses_review(in_review, second_reviewer):
    with pytest.raises(review.ReviewRefused, match="assigned reviewer"):
        review.add_comment(assessment=in_review, by=second_reviewer, body="Hi")


def test_the_organisation_replies_while_changes_are_requested(returned, editor):
    comment = ReviewComment.objects.get(assessment=returned)
    answer = review.reply(comment=comment, by=editor, body="Thirty days; see the policy.")
    assert (answer.parent, answer.question) == (comment, comment.question)


def test_replies_are_refused_once_resubmitted(returned, owner):
    comment = ReviewComment.objects.get(assessment=returned)
    review.resubmit(assessment=returned, by=owner)
    with pytest.raises(review.ReviewRefused):
        review.reply(comment=comment, by=owner, body="Late")


def test_comments_stay_and_are_marked_resolved_or_open(returned, owner, reviewer):
    comment = ReviewComment.objects.get(assessment=returned)
    review.resubmit(assessment=returned, by=owner)
    assert review.set_resolved(comment=comment, resolved=True, by=reviewer).is_open is False
    assert review.set_resolved(comment=comment, resolved=False, by=reviewer).is_open is True
    assert ReviewComment.objects.filter(assessment=returned).count() == 1
