"""The workflow's e-mails: who gets them, in which language, and what they say."""

import pytest
from django.core import mail

from accounts.models import User
from assessments.models import ReviewComment
from assessments.services import review
from assessments.workflow import Move
from tests.conftest import with_totp
from tests.factories import UserFactory
from tests.reviews.conftest import first_question_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.hk"


def sent_to(kind_subject: str) -> set[str]:
    return {m.to[0] for m in mail.outbox if kind_subject in m.subject}


def test_sending_for_review_tells_every_dpo_reviewer_in_their_language(
    submitted, owner, reviewer, dpo_admin, django_capture_on_commit_callbacks
):
    chinese = with_totp(UserFactory(kind=User.Kind.REVIEWER, language="zh-hant"))
    UserFactory(kind=User.Kind.REVIEWER, is_active=False)  # left the office
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.send_for_review(assessment=submitted, by=owner)
    assert {m.to[0] for m in mail.outbox} == {reviewer.email, dpo_admin.email, chinese.email}
    english = next(m for m in mail.outbox if m.to == [reviewer.email])
    assert english.subject == f"For review: {submitted.system.name} of {submitted.organisation.name}"
    assert f"https://portal.example.hk/dpo/assessments/{submitted.pk}/" in english.body
    zh = next(m for m in mail.outbox if m.to == [chinese.email])
    assert zh.subject.startswith("待審閱：") and submitted.system.name in zh.subject


def test_nobody_in_the_organisation_is_told_of_the_sending(
    submitted, owner, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review.send_for_review(assessment=submitted, by=owner)
    assert not {owner.email, editor.email} & {m.to[0] for m in mail.outbox}


def test_an_assignment_tells_the_assignee(sent, dpo_admin, reviewer, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.assign_reviewer(assessment=sent, reviewer=reviewer, by=dpo_admin)
    (message,) = mail.outbox
    assert message.to == [reviewer.email] and message.subject.startswith("Assigned to you:")
    assert dpo_admin.email in message.body


def test_changes_requested_tells_owners_and_editors_not_viewers(
    in_review, reviewer, owner, editor, viewer, django_capture_on_commit_callbacks
):
    review.add_comment(
        assessment=in_review, by=reviewer, body="Why?", question_code=first_question_code(in_review)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(assessment=in_review, by=reviewer)
    assert {m.to[0] for m in mail.outbox} == {owner.email, editor.email}
    assert "with 1 comment." in mail.outbox[0].body
    assert f"https://portal.example.hk/assessments/{in_review.pk}/" in mail.outbox[0].body


def test_a_resubmission_tells_the_assigned_reviewer_only(
    returned, owner, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.resubmit(assessment=returned, by=owner)
    (message,) = mail.outbox
    assert message.to == [reviewer.email] and "round 2" in message.body


def test_the_decision_is_sent_with_its_reason_in_the_recipients_language(
    in_review, reviewer, owner, editor, django_capture_on_commit_callbacks, settings
):
    settings.REPORTS_AUTOMATIC_LANGUAGES = []
    User.objects.filter(pk=editor.pk).update(language="zh-hant")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):  # not rendering the reports here
        review.decide(assessment=in_review, move=Move.REJECT, reason="Evidence is missing.", by=reviewer)
    from notifications import services
    from notifications.models import Notification

    for notification in Notification.objects.filter(kind="review_decided"):
        services.send(notification_id=notification.pk)
    english = next(m for m in mail.outbox if m.to == [owner.email])
    assert english.subject == f"Rejected by the DPO: {in_review.system.name}"
    assert "Evidence is missing." in english.body
    chinese = next(m for m in mail.outbox if m.to == [editor.email])
    assert chinese.subject == f"數字政策辦公室已拒絕：{in_review.system.name}"
    assert "所述理由：\nEvidence is missing." in chinese.body


def test_nothing_is_sent_when_the_move_is_refused(sent, owner, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(review.ReviewRefused):
        review.send_for_review(assessment=sent, by=owner)
    assert mail.outbox == []
    assert not ReviewComment.objects.exists()
