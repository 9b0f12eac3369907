"""After an action in the middle of a long page, the redirect opens the page at that part: the message
saying what happened is shown there too (at 390 px the top of the page is off screen), and announced
once, at the top."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reviews.conftest import first_question_code

pytestmark = pytest.mark.django_db


def part_of(page: str, element_id: str, closing: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index(closing, start)]


def test_a_comment_on_a_question_is_confirmed_at_that_question(client, reviewer, in_review):
    code = first_question_code(in_review)
    client.force_login(reviewer)

    response = client.post(
        reverse("reviews:comment", args=[in_review.pk]), {"body": "Source?", "question": code}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"#q-{code}")
    assert "Comment saved." in part_of(page, f"q-{code}", "</article>")
    # announced once: the copy is hidden from screen readers, the top message is the status region
    assert len(re.findall(r'role="status">\s*<p class="message message-success">Comment saved\.', page)) == 1
    assert page.count('aria-hidden="true">Comment saved.') == 1


def test_a_refused_decision_says_why_at_the_decision(client, reviewer, in_review):
    client.force_login(reviewer)

    page = client.post(reverse("reviews:decide", args=[in_review.pk]), {}, follow=True).content.decode()

    assert "Choose approve or reject" in part_of(page, "decision", "</section>")
    assert 'class="message message-error landed"' in page


def test_a_grant_is_confirmed_beside_the_auditors_table(client, owner, submitted):
    client.force_login(owner)
    until = (timezone.localdate() + timedelta(days=30)).isoformat()

    response = client.post(
        reverse("audits:grant", args=[submitted.organisation_id]),
        {"email": "firm@audit.example", "until": until},
        follow=True,
    )

    assert response.redirect_chain[-1][0].endswith("#auditors-heading")
    assert "An invitation was e-mailed to firm@audit.example" in part_of(
        response.content.decode(), "auditors-heading", "</section>"
    )


def test_a_message_of_another_part_stays_at_the_top_only(client, reviewer, sent):
    client.force_login(reviewer)

    page = client.post(reverse("reviews:take", args=[sent.pk]), follow=True).content.decode()

    assert "You are reviewing this assessment." in page
    assert "landed" not in page
