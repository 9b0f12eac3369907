"""The review by the DPO through the API: the owner's confirmation, a whole round trip, who sees whose
name, what the DPO never sees, the queue's filters and pages, and flat query counts."""

import pytest

from assessments.models import Assessment, AuditEvent
from assessments.services import review
from tests.assessments.helpers import answer_all, start
from tests.factories import AISystemFactory
from tests.reviews.conftest import first_question_code

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def status_of(assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_the_confirmation_says_what_the_dpo_will_see_and_changes_nothing(as_user, owner, submitted):
    body = as_user(owner).get(f"/api/v1/assessments/{submitted.pk}/send-for-review/").json()
    assert body["allowed"] is True and body["refusal"] == ""
    assert "evidence" in body["shared"] and "members_and_invitations" in body["not_shared"]
    assert body["overall"] is not None and body["evidence_count"] == 0
    assert status_of(submitted) == Status.SUBMITTED


@pytest.mark.parametrize("data", [{}, {"confirm": False}, {"confirm": "yes"}])
def test_sending_without_confirming_is_refused_and_sends_nothing(as_user, owner, submitted, data):
    response = as_user(owner).post(f"/api/v1/assessments/{submitted.pk}/send-for-review/", data)
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/confirm"
    assert status_of(submitted) == Status.SUBMITTED


def test_sending_twice_is_a_409_that_says_why(as_user, owner, submitted):
    api = as_user(owner)
    first = api.post(f"/api/v1/assessments/{submitted.pk}/send-for-review/", {"confirm": True})
    assert first.status_code == 200 and first.json()["status"] == Status.SENT_FOR_REVIEW
    assert first.json()["review_moves"] == ["withdraw"]
    again = api.post(f"/api/v1/assessments/{submitted.pk}/send-for-review/", {"confirm": True})
    assert again.status_code == 409 and "cannot be sent for review now" in again.json()["detail"]
    preview = api.get(f"/api/v1/assessments/{submitted.pk}/send-for-review/").json()
    assert preview["allowed"] is False and preview["refusal"]


def test_a_whole_review_round_trip_through_the_api(
    as_user, api, owner, reviewer, submitted, django_capture_on_commit_callbacks
):
    from tests.api.conftest import token_for

    owner_auth = f"Bearer {token_for(owner)}"
    reviewer_auth = f"Bearer {token_for(reviewer)}"
    pk, code = submitted.pk, first_question_code(submitted)

    def call(auth, method, path, data=None):
        api.credentials(HTTP_AUTHORIZATION=auth)
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(api, method)(f"/api/v1/{path}", data, format="json")

    sent = call(owner_auth, "post", f"assessments/{pk}/send-for-review/", {"confirm": True})
    assert sent.status_code == 200
    queue = call(reviewer_auth, "get", "dpo/queue/").json()["results"]
    assert [row["id"] for row in queue] == [pk] and queue[0]["days_waiting"] == 0
    assert call(reviewer_auth, "get", f"dpo/assessments/{pk}/").json()["actions"]["take"] is True
    taken = call(reviewer_auth, "post", f"dpo/assessments/{pk}/take/")
    assert taken.json()["status"] == Status.IN_REVIEW and taken.json()["reviewer"] == reviewer.email
    early = call(reviewer_auth, "post", f"dpo/assessments/{pk}/request-changes/")
    assert early.status_code == 409 and "at least one comment" in early.json()["detail"]
    asked = {"body": "Retention?", "question": code}
    made = call(reviewer_auth, "post", f"dpo/assessments/{pk}/comments/new/", asked)
    assert made.status_code == 201 and made.json()["author"] == reviewer.email
    assert call(reviewer_auth, "post", f"dpo/assessments/{pk}/request-changes/").json()["status"] == (
        Status.CHANGES_REQUESTED
    )
    # the organisation reads the comment without the reviewer's name, and replies
    threads = call(owner_auth, "get", f"assessments/{pk}/comments/").json()
    assert threads[0]["comment"]["author"] is None and threads[0]["comment"]["question"] == code
    comment_id = threads[0]["comment"]["id"]
    answered = call(owner_auth, "post", f"review-comments/{comment_id}/replies/", {"body": "90 days."})
    assert answered.status_code == 201 and answered.json()["author"] == owner.email
    assert call(owner_auth, "post", f"assessments/{pk}/resubmit/").json()["status"] == Status.SENT_FOR_REVIEW
    # the reviewer sees the reply, marks the comment resolved, takes it again and decides
    dpo_threads = call(reviewer_auth, "get", f"dpo/assessments/{pk}/comments/").json()
    assert dpo_threads[0]["replies"][0]["body"] == "90 days."
    resolved = call(reviewer_auth, "post", f"dpo/comments/{comment_id}/resolve/", {"resolved": True})
    assert resolved.json()["resolved_at"] is not None
    call(reviewer_auth, "post", f"dpo/assessments/{pk}/take/")
    no_reason = call(
        reviewer_auth, "post", f"dpo/assessments/{pk}/decide/", {"decision": "approve", "reason": ""}
    )
    assert no_reason.status_code == 400
    decided = call(
        reviewer_auth, "post", f"dpo/assessments/{pk}/decide/", {"decision": "approve", "reason": "Aligned."}
    )
    assert decided.status_code == 200 and decided.json()["status"] == Status.APPROVED
    mine = call(owner_auth, "get", f"assessments/{pk}/").json()
    assert mine["decision_reason"] == "Aligned." and mine["review_moves"] == [] and mine["review_round"] == 2
    events = call(reviewer_auth, "get", f"dpo/assessments/{pk}/events/").json()["results"]
    actions = {e["action"] for e in events}
    assert {AuditEvent.Action.COMMENTED, AuditEvent.Action.APPROVED} <= actions


def test_a_reviewer_cannot_act_on_a_colleague_s_review(as_user, reviewer, second_reviewer, submitted):
    sent = review.send_for_review(assessment=submitted, by=submitted.created_by)
    review.start_review(assessment=sent, by=reviewer)
    path = f"/api/v1/dpo/assessments/{sent.pk}/comments/new/"
    response = as_user(second_reviewer).post(path, {"body": "x"})
    assert response.status_code == 409
    assert as_user(second_reviewer).get(f"/api/v1/dpo/assessments/{sent.pk}/").json()["actions"] == {
        "take": False, "comment": False, "request_changes": False, "decide": False, "mark_comments": False,
        "assign": False, "grant": False,
    }  # fmt: skip


def test_a_comment_on_a_question_of_another_assessment_is_refused(as_user, reviewer, submitted):
    sent = review.send_for_review(assessment=submitted, by=submitted.created_by)
    review.start_review(assessment=sent, by=reviewer)
    response = as_user(reviewer).post(
        f"/api/v1/dpo/assessments/{sent.pk}/comments/new/", {"body": "x", "question": "NO-SUCH"}
    )
    assert response.status_code == 409 and not sent.review_comments.exists()


def test_assigning_someone_who_is_not_dpo_staff_is_a_400(as_user, dpo_admin, owner, submitted):
    sent = review.send_for_review(assessment=submitted, by=owner)
    response = as_user(dpo_admin).post(f"/api/v1/dpo/assessments/{sent.pk}/assign/", {"reviewer": owner.pk})
    assert response.status_code == 400 and response.json()["errors"][0]["pointer"] == "#/reviewer"
    assert Assessment.objects.get(pk=sent.pk).reviewer is None


def test_the_dpo_never_sees_what_was_not_sent_or_was_withdrawn(as_user, owner, reviewer, submitted, system):
    draft = start(system, owner)
    api = as_user(reviewer)
    assert api.get("/api/v1/dpo/queue/?status=").json()["results"] == []
    sent = review.send_for_review(assessment=submitted, by=owner)
    assert [r["id"] for r in api.get("/api/v1/dpo/queue/").json()["results"]] == [sent.pk]
    review.withdraw(assessment=sent, by=owner)
    assert api.get("/api/v1/dpo/queue/?status=").json()["results"] == []
    for pk in (sent.pk, draft.pk):
        assert api.get(f"/api/v1/dpo/assessments/{pk}/").status_code == 404
        assert api.get(f"/api/v1/dpo/assessments/{pk}/answers/").status_code == 404


def test_the_queue_filters(as_user, owner, reviewer, dpo_admin, submitted, system):
    other = start(AISystemFactory(organisation=system.organisation), owner)
    answer_all(other, owner)
    from assessments.services import assessments as services

    services.submit_assessment(assessment=other, by=owner)
    first = review.send_for_review(assessment=submitted, by=owner)
    second = review.send_for_review(assessment=Assessment.objects.get(pk=other.pk), by=owner)
    review.start_review(assessment=second, by=reviewer)
    api = as_user(reviewer)

    def ids(query):
        response = api.get(f"/api/v1/dpo/queue/?{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("") == [first.pk, second.pk]
    assert ids("sort=recent") == [second.pk, first.pk]
    assert ids("mine=true") == [second.pk]
    assert ids("reviewer=none") == [first.pk]
    assert ids(f"reviewer={reviewer.pk}") == [second.pk]
    assert ids("status=in_review") == [second.pk]
    assert ids("status=approved") == []
    assert ids("page_size=1") == [first.pk]


@pytest.mark.parametrize(
    "query", ["status=draft", "sort=score", "reviewer=me", "waiting_days=-1", "page_size=0", "mine=maybe"]
)
def test_a_bad_queue_filter_is_a_400(as_user, reviewer, query):
    response = as_user(reviewer).get(f"/api/v1/dpo/queue/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


def test_the_queue_follows_its_cursor(as_user, owner, reviewer, system):
    sent = []
    for _ in range(3):
        a = start(AISystemFactory(organisation=system.organisation), owner)
        Assessment.objects.filter(pk=a.pk).update(status=Status.SUBMITTED)
        sent.append(review.send_for_review(assessment=Assessment.objects.get(pk=a.pk), by=owner).pk)
    api = as_user(reviewer)
    page = api.get("/api/v1/dpo/queue/?page_size=2").json()
    rest = api.get(page["next"].replace("http://testserver", "")).json()
    assert [r["id"] for r in page["results"] + rest["results"]] == sent and rest["next"] is None


def _send_many(owner, system, n: int) -> list[Assessment]:
    sent = []
    for _ in range(n):
        a = start(AISystemFactory(organisation=system.organisation), owner)
        Assessment.objects.filter(pk=a.pk).update(status=Status.SUBMITTED)
        sent.append(review.send_for_review(assessment=Assessment.objects.get(pk=a.pk), by=owner))
    return sent


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/dpo/queue/?status=&page_size={n}", 4),
        ("/api/v1/dpo/assessments/{a}/events/?page_size={n}", 5),
    ],
)
def test_dpo_lists_take_the_same_queries_whatever_their_size(
    as_user, owner, reviewer, system, published_content, django_assert_num_queries, path, queries
):
    sent = _send_many(owner, system, 4)
    for a in sent[:3]:
        review.start_review(assessment=a, by=reviewer)
        review.add_comment(assessment=a, by=reviewer, body="Why?")
    api = as_user(reviewer)
    api.get("/api/v1/dpo/staff/")  # the token's first use is recorded once
    for n in (1, 3):
        with django_assert_num_queries(queries):
            response = api.get(path.format(n=n, a=sent[0].pk))
        assert response.status_code == 200 and len(response.json()["results"]) == n


@pytest.mark.parametrize("path", ["/api/v1/dpo/assessments/{a}/", "/api/v1/dpo/assessments/{a}/comments/"])
def test_the_review_record_takes_the_same_queries_whatever_its_comments_and_reports(
    as_user, owner, reviewer, submitted, published_content, path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Report

    sent = review.start_review(assessment=review.send_for_review(assessment=submitted, by=owner), by=reviewer)
    api = as_user(reviewer)
    api.get("/api/v1/dpo/staff/")  # the token's first use is recorded once
    counts = []
    for more in (1, 3):
        for i in range(more):
            review.add_comment(assessment=sent, by=reviewer, body=f"Why {i}?")
            Report.objects.create(
                assessment=sent, result=sent.results.first(), language="en", number=f"GAIP-T-{more}-{i}",
                status=Report.Status.READY, page_count=1, assessment_status=sent.status,
            )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path.format(a=sent.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
