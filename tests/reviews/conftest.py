"""DPO staff (with TOTP set up, as the portal requires of them) and assessments at each review step."""

import pytest

from assessments.services import review


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
