"""The review pages: who may reach each (404 for what they may not know exists, 403 for what they
see but may not do), what they show, and flat query counts."""

from datetime import timedelta
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AuditEvent, AuditorGrant, Report, ReviewComment
from assessments.services import assessments as services
from assessments.services import review
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, start, streamed
from tests.factories import AISystemFactory, MembershipFactory
from tests.reviews.conftest import first_question_code

pytestmark = pytest.mark.django_db
LOGIN = "login"
WHO = ["owner", "editor", "viewer", "outsider", "reviewer", "dpo_admin", "anonymous"]
# auditors: with a grant on the row's assessment, with one that has ended, one revoked, one on another
AUDITORS = ["auditor", "auditor_expired", "auditor_revoked", "auditor_other"]
NO_AUDITOR = (404, 404, 404, 404)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
Status = Assessment.Status


def _world(request, state: str) -> dict:
    assessment = request.getfixturevalue(state)
    comment = ReviewComment.objects.filter(assessment=assessment).first()
    item = load_questionnaire(assessment).items[0]
    evidence = item.answer.evidence.first()
    report = Report.objects.create(
        assessment=assessment,
        result=assessment.results.first(),
        language="en",
        number="GAIP-T-1",
        status=Report.Status.READY,
        page_count=1,
        assessment_status=assessment.status,
    )
    report.file.save("r.pdf", SimpleUploadedFile("r.pdf", PDF))
    report.package.save("p.zip", SimpleUploadedFile("p.zip", b"PK\x05\x06" + bytes(18)))
    grants = _auditor_grants(request, assessment)
    return {
        "org": assessment.organisation_id,
        "grant": grants["auditor"].pk,
        "pk": assessment.pk,
        "comment": comment.pk if comment else 0,
        "evidence": evidence.pk,
        "report": report.pk,
        "section": (assessment.pk, load_questionnaire(assessment).sections[0].dimension.code),
    }


def _auditor_grants(request, assessment) -> dict:
    owner = request.getfixturevalue("owner")
    another = start(assessment.system, owner)
    Assessment.objects.filter(pk=another.pk).update(status=Status.SUBMITTED)
    yesterday = timezone.localdate() - timedelta(days=1)
    grant = partial(AuditorGrant.objects.create, organisation=assessment.organisation, granted_by=owner)
    made = {}
    for who, extra in [
        ("auditor", {"assessment": assessment}),
        ("auditor_expired", {"assessment": assessment, "until": yesterday}),
        ("auditor_revoked", {"assessment": assessment, "revoked_at": timezone.now()}),
        ("auditor_other", {"assessment": another}),
    ]:
        user = request.getfixturevalue(who)
        made[who] = grant(email=user.email, auditor=user, **extra)
    return made


@pytest.fixture
def with_evidence(system, owner, django_capture_on_commit_callbacks):
    """A submitted assessment whose first answer has an evidence file."""
    assessment = start(system, owner)
    answer_all(assessment, owner)
    item = load_questionnaire(assessment).items[0]
    services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("p.pdf", PDF), by=owner
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    return Assessment.objects.get(pk=assessment.pk)


@pytest.fixture
def submitted(with_evidence):
    return with_evidence


# url name, args key, method, state of the assessment, data, expected status per WHO
MATRIX = [
    ("reviews:queue", None, "get", "sent", None, (404, 404, 404, 404, 200, 200, LOGIN)),
    ("reviews:review", "pk", "get", "sent", None, (404, 404, 404, 404, 200, 200, LOGIN)),
    # never sent: the DPO does not know it exists
    ("reviews:review", "pk", "get", "submitted", None, (404, 404, 404, 404, 404, 404, LOGIN)),
    ("reviews:take", "pk", "post", "sent", {}, (404, 404, 404, 404, 302, 302, LOGIN)),
    ("reviews:take", "pk", "post", "submitted", {}, (404, 404, 404, 404, 404, 404, LOGIN)),
    ("reviews:assign", "pk", "post", "sent", "assign", (404, 404, 404, 404, 403, 302, LOGIN)),
    ("reviews:comment", "pk", "post", "in_review", {"body": "Why?"}, (404, 404, 404, 404, 302, 302, LOGIN)),
    ("reviews:request_changes", "pk", "post", "in_review", {}, (404, 404, 404, 404, 302, 302, LOGIN)),
    (
        "reviews:decide",
        "pk",
        "post",
        "in_review",
        {"decision": "approve", "reason": "OK"},
        (404, 404, 404, 404, 302, 302, LOGIN),
    ),
    (
        "reviews:resolve",
        "comment",
        "post",
        "returned",
        {"resolved": "1"},
        (404, 404, 404, 404, 302, 302, LOGIN),
    ),
    ("reviews:evidence_download", "evidence", "get", "sent", None, (404, 404, 404, 404, 200, 200, LOGIN)),
    (
        "reviews:evidence_download",
        "evidence",
        "get",
        "submitted",
        None,
        (404, 404, 404, 404, 404, 404, LOGIN),
    ),
    ("reviews:report_download", "report", "get", "sent", None, (404, 404, 404, 404, 200, 200, LOGIN)),
    ("reviews:report_download", "report", "get", "submitted", None, (404, 404, 404, 404, 404, 404, LOGIN)),
    # the organisation's side
    ("reviews:send_for_review", "pk", "get", "submitted", None, (200, 403, 403, 404, 404, 404, LOGIN)),
    ("reviews:send_for_review", "pk", "post", "submitted", {}, (302, 403, 403, 404, 404, 404, LOGIN)),
    ("reviews:resubmit", "pk", "post", "returned", {}, (302, 403, 403, 404, 404, 404, LOGIN)),
    ("reviews:withdraw", "pk", "post", "sent", {}, (302, 403, 403, 404, 404, 404, LOGIN)),
    (
        "reviews:reply",
        "comment",
        "post",
        "returned",
        {"body": "Done."},
        (302, 302, 403, 404, 404, 404, LOGIN),
    ),
    # DPO staff read what was sent on their own pages only, never on the organisation's
    ("assessments:assessment_detail", "pk", "get", "sent", None, (200, 200, 200, 404, 404, 404, LOGIN)),
    ("assessments:evidence_download", "evidence", "get", "sent", None, (200, 200, 200, 404, 404, 404, LOGIN)),
    # nor do auditors: they read on their own pages
    ("assessments:results", "pk", "get", "submitted", None, (200, 200, 200, 404, 404, 404, LOGIN)),
    (
        "assessments:report_download",
        "report",
        "get",
        "submitted",
        None,
        (200, 200, 200, 404, 404, 404, LOGIN),
    ),
    ("assessments:section", "section", "get", "returned", None, (200, 200, 200, 404, 404, 404, LOGIN)),
    # auditors read what an active grant covers, on their own pages, and nothing else
    ("audits:grants", None, "get", "submitted", None, (404,) * 6 + (LOGIN, 200, 200, 200, 200)),
    ("audits:assessment", "pk", "get", "submitted", None, (404,) * 6 + (LOGIN, 200, 404, 404, 404)),
    ("audits:assessment", "pk", "get", "sent", None, (404,) * 6 + (LOGIN, 200, 404, 404, 404)),
    (
        "audits:evidence_download",
        "evidence",
        "get",
        "submitted",
        None,
        (404,) * 6 + (LOGIN, 200) + (404,) * 3,
    ),
    ("audits:report_download", "report", "get", "returned", None, (404,) * 6 + (LOGIN, 200) + (404,) * 3),
    ("audits:package_download", "report", "get", "submitted", None, (404,) * 6 + (LOGIN, 200) + (404,) * 3),
    # giving and revoking access: owners for their organisation, DPO administrators on what was sent
    ("audits:grant", "org", "post", "submitted", "grant", (302, 403, 403, 404, 404, 404, LOGIN)),
    ("audits:dpo_grant", "pk", "post", "sent", "grant", (404, 404, 404, 404, 403, 302, LOGIN)),
    ("audits:dpo_grant", "pk", "post", "submitted", "grant", (404, 404, 404, 404, 404, 404, LOGIN)),
    ("audits:revoke", "grant", "post", "submitted", {}, (302, 403, 403, 404, 404, 404, LOGIN)),
]


@pytest.mark.parametrize(
    "name, key, method, state, data, expected", MATRIX, ids=[f"{m[0]}-{m[2]}-{m[3]}" for m in MATRIX]
)
def test_access_to_review_views(
    client,
    request,
    owner,
    editor,
    viewer,
    outsider,
    reviewer,
    dpo_admin,
    name,
    key,
    method,
    state,
    data,
    expected,
):
    """One world per row (building it scores an assessment); the audiences refused go first, so that
    each sees the state the row describes, and a refusal is checked to change nothing."""
    world = _world(request, state)
    args = world[key] if key else ()
    url = reverse(name, args=args if isinstance(args, tuple) else (args,))
    if data == "assign":
        data = {"reviewer": reviewer.pk}
    if data == "grant":
        data = {"email": "new-auditor@audit.example"}
    everyone = WHO + AUDITORS
    expected = expected if len(expected) == len(everyone) else expected + NO_AUDITOR
    order = sorted(everyone, key=lambda who: expected[everyone.index(who)] in (200, 302))
    for who in order:
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        before = Assessment.objects.get(pk=world["pk"]).status

        response = getattr(client, method)(url, data or {})

        status = expected[everyone.index(who)]
        if status == LOGIN:
            assert response.status_code == 302 and response.url.startswith(reverse("account_login")), who
        else:
            assert response.status_code == status, who
        if status not in (200, 302) and method == "post":
            assert Assessment.objects.get(pk=world["pk"]).status == before, who  # refused: nothing changed
        if response.get("Content-Disposition"):
            streamed(response)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------- the organisation


def test_the_confirmation_says_what_the_dpo_will_see(client, owner, submitted):
    client.force_login(owner)
    response = client.get(reverse("reviews:send_for_review", args=[submitted.pk]))
    text = response.content.decode()
    assert "What the DPO will see" in text and "1 evidence file attached" in text
    assert "What the DPO will not see" in text
    assert Assessment.objects.get(pk=submitted.pk).status == Status.SUBMITTED  # a GET changes nothing


def test_sending_from_the_confirmation_moves_it_to_the_queue(client, owner, submitted):
    client.force_login(owner)
    response = client.post(reverse("reviews:send_for_review", args=[submitted.pk]), follow=True)
    assert "Sent to the DPO for review" in " ".join(messages_of(response))
    assert Assessment.objects.get(pk=submitted.pk).status == Status.SENT_FOR_REVIEW


def test_sending_again_is_refused_with_the_reason(client, owner, sent):
    client.force_login(owner)
    response = client.post(reverse("reviews:send_for_review", args=[sent.pk]), follow=True)
    assert "It cannot be sent for review now" in " ".join(messages_of(response))


def test_the_assessment_page_offers_send_only_to_owners(client, owner, editor, submitted):
    url = reverse("assessments:assessment_detail", args=[submitted.pk])
    send = reverse("reviews:send_for_review", args=[submitted.pk])
    client.force_login(owner)
    assert send in client.get(url).content.decode()
    client.force_login(editor)
    assert send not in client.get(url).content.decode()


def test_the_organisation_sees_each_comment_next_to_its_question_and_replies(client, editor, returned):
    comment = ReviewComment.objects.get(assessment=returned)
    section = load_questionnaire(returned).item(comment.question.code).question.dimension.code
    client.force_login(editor)
    page = client.get(reverse("assessments:section", args=[returned.pk, section])).content.decode()
    assert "Explain the retention period." in page
    assert page.index(f'id="q-{comment.question.code}"') < page.index("Explain the retention period.")
    assert f'form="reply-{comment.pk}"' in page and f'id="reply-{comment.pk}"' in page
    response = client.post(reverse("reviews:reply", args=[comment.pk]), {"body": "Thirty days."})
    assert response.url.endswith(f"#q-{comment.question.code}")
    assert ReviewComment.objects.get(parent=comment).body == "Thirty days."


def test_a_returned_assessment_is_editable_on_its_section_page(client, editor, returned):
    section = load_questionnaire(returned).sections[0].dimension.code
    client.force_login(editor)
    page = client.get(reverse("assessments:section", args=[returned.pk, section])).content.decode()
    assert "answers are read-only" not in page and "Save this section" in page


def test_an_empty_reply_is_refused(client, editor, returned):
    comment = ReviewComment.objects.get(assessment=returned)
    client.force_login(editor)
    response = client.post(reverse("reviews:reply", args=[comment.pk]), {"body": " "}, follow=True)
    assert "Write the reply first." in " ".join(messages_of(response))
    assert not ReviewComment.objects.filter(parent=comment).exists()


def test_the_owner_resubmits_from_the_assessment_page(client, owner, returned):
    client.force_login(owner)
    page = client.get(reverse("assessments:assessment_detail", args=[returned.pk])).content.decode()
    assert "The DPO asks for changes: 1 open comment" in page
    client.post(reverse("reviews:resubmit", args=[returned.pk]))
    assert Assessment.objects.get(pk=returned.pk).status == Status.SENT_FOR_REVIEW


def test_the_decision_and_its_reason_show_on_the_assessment_page(client, viewer, in_review, reviewer):
    review.decide(assessment=in_review, move=review.Move.APPROVE, reason="Well evidenced.", by=reviewer)
    client.force_login(viewer)
    page = client.get(reverse("assessments:assessment_detail", args=[in_review.pk])).content.decode()
    assert "Approved by a DPO reviewer" in page and "Well evidenced." in page


# ---------------------------------------------------------------- the reviewer


def test_the_review_screen_shows_everything_on_one_page(client, reviewer, in_review):
    review.add_comment(assessment=in_review, by=reviewer, body="General remark.")
    client.force_login(reviewer)
    page = client.get(reverse("reviews:review", args=[in_review.pk])).content.decode()
    for heading in ("The system", "Triage and risk tier", "Results", "Gaps", "Answers", "History", "Decide"):
        assert heading in page
    assert in_review.system.purpose in page and "General remark." in page
    assert reverse("reviews:evidence_download", args=[in_review.answers.first().evidence.first().pk]) in page


def test_downloading_evidence_is_recorded(client, reviewer, sent):
    evidence = load_questionnaire(sent).items[0].answer.evidence.first()
    client.force_login(reviewer)
    assert streamed(client.get(reverse("reviews:evidence_download", args=[evidence.pk]))) == PDF
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EVIDENCE_DOWNLOADED).get()
    assert (event.actor, event.detail["evidence"], event.ip_address) == (reviewer, evidence.pk, "127.0.0.1")


def test_a_reviewer_comments_on_one_question(client, reviewer, in_review):
    code = first_question_code(in_review)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:comment", args=[in_review.pk]), {"body": "Source?", "question": code}
    )
    assert response.url.endswith(f"#q-{code}")
    assert ReviewComment.objects.get().question.code == code


def test_request_changes_without_a_comment_says_so_and_changes_nothing(client, reviewer, in_review):
    client.force_login(reviewer)
    response = client.post(reverse("reviews:request_changes", args=[in_review.pk]), follow=True)
    assert "at least one comment" in " ".join(messages_of(response))
    assert Assessment.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_a_decision_without_a_reason_is_refused(client, reviewer, in_review):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:decide", args=[in_review.pk]), {"decision": "approve"}, follow=True
    )
    assert "write the reason" in " ".join(messages_of(response))
    assert Assessment.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_the_loser_of_a_race_to_take_sees_who_won(client, reviewer, second_reviewer, sent):
    client.force_login(second_reviewer)
    page = client.get(reverse("reviews:review", args=[sent.pk]))  # both had the page open
    assert "Take and start the review" in page.content.decode()
    review.start_review(assessment=sent, by=reviewer)
    response = client.post(reverse("reviews:take", args=[sent.pk]), follow=True)
    assert "It cannot be taken for review now: it is “In review”." in messages_of(response)
    assert Assessment.objects.get(pk=sent.pk).reviewer == reviewer


def test_an_administrator_assigns_a_colleague(client, dpo_admin, reviewer, sent):
    client.force_login(dpo_admin)
    client.post(reverse("reviews:assign", args=[sent.pk]), {"reviewer": reviewer.pk})
    assert Assessment.objects.get(pk=sent.pk).reviewer == reviewer
    assert AuditEvent.objects.filter(assessment=sent, action=AuditEvent.Action.REVIEWER_ASSIGNED).exists()


def test_an_administrator_cannot_assign_an_organisation_member(client, dpo_admin, owner, sent):
    client.force_login(dpo_admin)
    response = client.post(reverse("reviews:assign", args=[sent.pk]), {"reviewer": owner.pk}, follow=True)
    assert "Choose a DPO reviewer" in " ".join(messages_of(response))
    assert Assessment.objects.get(pk=sent.pk).reviewer is None


# ---------------------------------------------------------------- the queue


def _send_another(organisation, owner, capture, *, role="provider") -> Assessment:
    assessment = start(AISystemFactory(organisation=organisation), owner, role=role)
    answer_all(assessment, owner)
    with capture(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    return review.send_for_review(assessment=Assessment.objects.get(pk=assessment.pk), by=owner)


def _queue(client, **params) -> list[str]:
    response = client.get(reverse("reviews:queue"), params)
    assert response.status_code == 200
    return [a.system.name for a in response.context["page"]]


def test_the_queue_shows_only_what_was_sent(client, reviewer, sent, system, owner):
    draft = start(system, owner)
    client.force_login(reviewer)
    response = client.get(reverse("reviews:queue"))
    shown = [a.pk for a in response.context["page"]]
    assert shown == [sent.pk] and draft.pk not in shown
    row = response.content.decode()
    for cell in (sent.organisation.name, sent.system.name, sent.role.name, sent.tier.name, "Nobody yet"):
        assert cell in row


def test_the_queue_filters(client, reviewer, sent, organisation, owner, django_capture_on_commit_callbacks):
    other = _send_another(organisation, owner, django_capture_on_commit_callbacks, role="user")
    review.start_review(assessment=other, by=reviewer)
    client.force_login(reviewer)
    assert set(_queue(client)) == {sent.system.name, other.system.name}
    assert _queue(client, role="user") == [other.system.name]
    assert _queue(client, mine="on") == [other.system.name]
    assert _queue(client, status="sent_for_review") == [sent.system.name]
    assert _queue(client, reviewer="none") == [sent.system.name]
    assert _queue(client, reviewer=str(reviewer.pk)) == [other.system.name]
    assert _queue(client, tier=sent.tier.code, version="hk-genai-2025-12") != []
    assert _queue(client, sector="healthcare") == []
    assert _queue(client, waiting_days="3") == []
    Assessment.objects.filter(pk=sent.pk).update(
        sent_for_review_at=sent.sent_for_review_at.replace(year=2024)
    )
    assert _queue(client, waiting_days="3") == [sent.system.name]
    assert _queue(client, sent_to="2024-12-31") == [sent.system.name]
    assert _queue(client, sent_from="2025-01-01") == [other.system.name]


def test_decided_assessments_leave_the_default_queue(client, reviewer, in_review):
    review.decide(assessment=in_review, move=review.Move.APPROVE, reason="OK", by=reviewer)
    client.force_login(reviewer)
    assert _queue(client) == []
    assert _queue(client, status="approved") == [in_review.system.name]


def test_an_unknown_filter_value_is_refused_with_a_message(client, reviewer, sent):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:queue"), {"waiting_days": "soon"})
    assert response.status_code == 400 and "not understood" in response.content.decode()


def test_the_queue_sorts_and_pages(
    client, reviewer, organisation, owner, django_capture_on_commit_callbacks, settings
):
    first = _send_another(organisation, owner, django_capture_on_commit_callbacks)
    second = _send_another(organisation, owner, django_capture_on_commit_callbacks)
    client.force_login(reviewer)
    assert _queue(client) == [first.system.name, second.system.name]  # waiting longest first
    assert _queue(client, sort="recent") == [second.system.name, first.system.name]
    from reviews.views import dpo

    dpo.PAGE_SIZE, old = 1, dpo.PAGE_SIZE
    try:
        assert _queue(client, sort="recent", page="2") == [first.system.name]
    finally:
        dpo.PAGE_SIZE = old


def test_the_queue_query_count_does_not_grow(
    client, reviewer, organisation, owner, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _send_another(organisation, owner, django_capture_on_commit_callbacks)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reviews:queue"))
    for _ in range(3):
        other = MembershipFactory(role="owner").organisation
        _send_another(other, owner, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        assert len(_queue(client)) == 4
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# the request's own three (session, user, TOTP check), then one per kind of record the screen shows
# (assessment, result, answers, evidence, changes, comments, reports, events, grants, staff...)
REVIEW_SCREEN_QUERIES = 14


def test_the_review_screen_query_count_does_not_grow(client, reviewer, in_review):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    url = reverse("reviews:review", args=[in_review.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    codes = [item.question.code for item in load_questionnaire(in_review).items]
    for code in codes[:6]:
        review.add_comment(assessment=in_review, by=reviewer, body=f"On {code}", question_code=code)
    review.add_comment(assessment=in_review, by=reviewer, body="General")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    # and not with the answers and their changes (every question of the assessment has one)
    assert len(few) == REVIEW_SCREEN_QUERIES, [q["sql"] for q in few.captured_queries]
