"""The dashboard's "waiting for you" panel, for reviewers and for the organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.services import review

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("assessments:dashboard")).content.decode()


def test_a_reviewer_sees_the_queue_and_what_is_assigned_to_them(client, reviewer, sent, second_reviewer):
    page = dashboard(client, reviewer)
    assert "1 assessment in the queue waits for a reviewer." in page and "Nothing is assigned to you." in page
    assert "Create an organisation" not in page  # not an organisation member's start page
    review.start_review(assessment=sent, by=reviewer)
    page = dashboard(client, reviewer)
    assert "0 assessments in the queue wait" in page and reverse("reviews:review", args=[sent.pk]) in page
    assert reverse("reviews:review", args=[sent.pk]) not in dashboard(client, second_reviewer)


def test_owners_and_editors_see_what_the_dpo_returned(client, returned, owner, editor, viewer):
    for user in (owner, editor):
        page = dashboard(client, user)
        assert "The DPO asks for changes to:" in page and returned.system.name in page
    assert "The DPO asks for changes to:" not in dashboard(client, viewer)


def test_an_owner_is_reminded_of_submitted_assessments_kept_internal(client, submitted, owner, editor):
    assert "Submitted and kept internal" in dashboard(client, owner)
    assert "Submitted and kept internal" not in dashboard(client, editor)


def test_the_reviewers_dashboard_query_count_does_not_grow(client, reviewer, sent, dpo_admin):
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assessments:dashboard"))
    review.start_review(assessment=sent, by=reviewer)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("assessments:dashboard"))
    assert len(more) == len(few)
