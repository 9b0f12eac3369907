"""DPO staff (with TOTP set up, as the portal requires of them) and assessments at each review step."""

import pytest

from accounts.models import User
from assessments.services import assessments as services
from assessments.services import review
from tests.assessments.helpers import answer_all, start
from tests.conftest import with_totp
from tests.factories import UserFactory


@pytest.fixture
def second_reviewer(db):
    return with_totp(UserFactory(kind=User.Kind.REVIEWER, email="second@dpo.example"))


@pytest.fixture
def submitted(system, owner, django_capture_on_commit_callbacks):
    """A complete assessment, submitted and scored, not sent to the DPO."""
    assessment = start(system, owner)
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def sent(submitted, owner):
    return review.send_for_review(assessment=submitted, by=owner)


@pytest.fixture
def in_review(sent, reviewer):
    return review.start_review(assessment=sent, by=reviewer)


def first_question_code(assessment) -> str:
    from assessments.services.questionnaire import load_questionnaire

    return load_questionnaire(assessment).items[0].question.code


@pytest.fixture
def returned(in_review, reviewer):
    review.add_comment(
        assessment=in_review,
        by=reviewer,
        body="Explain the retention period.",
        question_code=first_question_code(in_review),
    )
    return review.request_changes(assessment=in_review, by=reviewer)
