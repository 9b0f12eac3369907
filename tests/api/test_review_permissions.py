"""The review, auditor and DPO endpoints × every audience, as tests/reviews/test_views.py does for the
pages: an organisation's objects are 404 to outsiders, DPO staff and auditors unless the review or a
grant lets them read it; a missing right is 403; the DPO never sees what was not sent to it. Every
response is also checked against the OpenAPI schema by the `api` client."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.models import Assessment, AuditorGrant, Report, ReviewComment
from assessments.services import assessments as services
from assessments.services import review
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WHO = [
    "owner", "editor", "viewer", "outsider", "reviewer", "dpo_admin", "auditor", "auditor_other", "anonymous",
]  # fmt: skip
STATES = ["submitted", "sent", "in_review", "commented", "returned"]


def build(request, state: str) -> dict:
    """A scored assessment moved up to `state` (in STATES order), with an evidence file, a ready report,
    a comment from the `commented` state on, and auditors' grants: `auditor` on it, `auditor_other` on
    another assessment of the organisation, and (once sent) one the DPO gave."""
    owner, reviewer = request.getfixturevalue("owner"), request.getfixturevalue("reviewer")
    system = request.getfixturevalue("system")
    assessment = start(system, owner)
    answer_all(assessment, owner)
    item = load_questionnaire(assessment).items[0]
    evidence = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("p.pdf", PDF), by=owner
    )
    with request.getfixturevalue("django_capture_on_commit_callbacks")(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    steps = STATES.index(state)
    if steps >= 1:
        review.send_for_review(assessment=assessment, by=owner)
    if steps >= 2:
        review.start_review(assessment=assessment, by=reviewer)
    if steps >= 3:
        review.add_comment(assessment=assessment, by=reviewer, body="Why?", question_code=item.question.code)
    if steps >= 4:
        review.request_changes(assessment=assessment, by=reviewer)
    assessment.refresh_from_db()
    report = Report.objects.create(
        assessment=assessment, result=assessment.results.first(), language="en", number="GAIP-T-1",
        status=Report.Status.READY, page_count=1, assessment_status=assessment.status,
    )  # fmt: skip
    report.file.save("r.pdf", SimpleUploadedFile("r.pdf", PDF))
    report.package.save("p.zip", SimpleUploadedFile("p.zip", b"PK\x05\x06" + bytes(18)))
    another = start(system, owner)
    Assessment.objects.filter(pk=another.pk).update(status=Assessment.Status.SUBMITTED)
    grant = {"organisation": assessment.organisation, "granted_by": owner}
    auditor, other = request.getfixturevalue("auditor"), request.getfixturevalue("auditor_other")
    mine = AuditorGrant.objects.create(email=auditor.email, auditor=auditor, assessment=assessment, **grant)
    AuditorGrant.objects.create(email=other.email, auditor=other, assessment=another, **grant)
    invitation = AuditorGrant.objects.create(email=auditor.email, assessment=another, **grant)
    dpo_grant = AuditorGrant.objects.create(
        email="dpo-auditor@audit.example", assessment=assessment, by_dpo=True,
        organisation=assessment.organisation, granted_by=request.getfixturevalue("dpo_admin"),
    )  # fmt: skip
    comment = ReviewComment.objects.filter(assessment=assessment).first()
    return {
        "pk": assessment.pk, "org": assessment.organisation_id, "evidence": evidence.pk, "report": report.pk,
        "comment": comment.pk if comment else 0, "grant": mine.pk, "dpo_grant": dpo_grant.pk,
        "token": invitation.token, "reviewer": reviewer.pk,
    }  # fmt: skip


N4 = (404, 404, 404, 404)  # the organisation's members and an outsider, on the DPO's or auditor's paths
DPO_READS = N4 + (200, 200, 404, 404, 401)
NOBODY = N4 + (404, 404, 404, 404, 401)
OWNER_ONLY = (200, 403, 403, 404, 404, 404, 404, 404, 401)
MEMBERS_READ = (200, 200, 200, 404, 404, 404, 404, 404, 401)
AUDITOR_READS = N4 + (404, 404, 200, 404, 401)
AUDITORS = N4 + (404, 404, 200, 200, 401)
ASSIGNED_REVIEWER = N4 + (200, 409, 404, 404, 401)  # the DPO administrator is not the assigned reviewer

# method, path, state, body, status per WHO
MATRIX = [
    # the organisation's side
    ("get", "/api/v1/assessments/{pk}/send-for-review/", "submitted", None, OWNER_ONLY),
    ("post", "/api/v1/assessments/{pk}/send-for-review/", "submitted", {"confirm": True}, OWNER_ONLY),
    ("post", "/api/v1/assessments/{pk}/resubmit/", "returned", None, OWNER_ONLY),
    ("post", "/api/v1/assessments/{pk}/withdraw/", "sent", None, OWNER_ONLY),
    ("get", "/api/v1/assessments/{pk}/comments/", "returned", None, MEMBERS_READ),
    ("post", "/api/v1/review-comments/{comment}/replies/", "returned", {"body": "Done."},
     (201, 201, 403, 404, 404, 404, 404, 404, 401)),
    # the DPO's side: only what was sent, only for DPO staff
    ("get", "/api/v1/dpo/queue/", "sent", None, DPO_READS),
    ("get", "/api/v1/dpo/staff/", "sent", None, DPO_READS),
    ("get", "/api/v1/dpo/assessments/{pk}/", "sent", None, DPO_READS),
    ("get", "/api/v1/dpo/assessments/{pk}/", "submitted", None, NOBODY),
    ("get", "/api/v1/dpo/assessments/{pk}/answers/", "sent", None, DPO_READS),
    ("get", "/api/v1/dpo/assessments/{pk}/answers/", "submitted", None, NOBODY),
    ("get", "/api/v1/dpo/assessments/{pk}/comments/", "returned", None, DPO_READS),
    ("get", "/api/v1/dpo/assessments/{pk}/events/", "sent", None, DPO_READS),
    ("post", "/api/v1/dpo/assessments/{pk}/take/", "sent", None, DPO_READS),
    ("post", "/api/v1/dpo/assessments/{pk}/take/", "submitted", None, NOBODY),
    ("post", "/api/v1/dpo/assessments/{pk}/assign/", "sent", {"reviewer": "{reviewer}"},
     N4 + (403, 200, 404, 404, 401)),
    ("post", "/api/v1/dpo/assessments/{pk}/comments/new/", "in_review", {"body": "Why?"},
     N4 + (201, 409, 404, 404, 401)),
    ("post", "/api/v1/dpo/assessments/{pk}/request-changes/", "commented", None, ASSIGNED_REVIEWER),
    ("post", "/api/v1/dpo/assessments/{pk}/decide/", "in_review", {"decision": "approve", "reason": "OK"},
     ASSIGNED_REVIEWER),
    ("post", "/api/v1/dpo/comments/{comment}/resolve/", "returned", {"resolved": True}, ASSIGNED_REVIEWER),
    ("post", "/api/v1/dpo/assessments/{pk}/auditor-grants/", "sent", {"email": "new-auditor@audit.example"},
     N4 + (403, 201, 404, 404, 401)),
    ("post", "/api/v1/dpo/assessments/{pk}/auditor-grants/", "submitted", {"email": "new@audit.example"},
     NOBODY),
    ("get", "/api/v1/dpo/evidence/{evidence}/download/", "sent", None, DPO_READS),
    ("get", "/api/v1/dpo/evidence/{evidence}/download/", "submitted", None, NOBODY),
    ("get", "/api/v1/dpo/reports/{report}/download/", "sent", None, DPO_READS),
    ("get", "/api/v1/dpo/reports/{report}/download/", "submitted", None, NOBODY),
    # giving and revoking auditors' access
    ("get", "/api/v1/organisations/{org}/auditor-grants/", "submitted", None, OWNER_ONLY),
    ("post", "/api/v1/organisations/{org}/auditor-grants/", "submitted",
     {"email": "new-auditor@audit.example", "assessment": "{pk}"}, (201,) + OWNER_ONLY[1:]),
    ("post", "/api/v1/auditor-grants/{grant}/revoke/", "submitted", None, OWNER_ONLY),
    ("post", "/api/v1/auditor-grants/{dpo_grant}/revoke/", "sent", None,
     (200, 403, 403, 404, 404, 200, 404, 404, 401)),
    # the auditor's side: what an active grant covers, nothing else
    ("get", "/api/v1/audit/grants/", "submitted", None, AUDITORS),
    ("post", "/api/v1/audit/invitations/accept/", "submitted", {"token": "{token}"},
     (409, 409, 409, 409, 409, 409, 200, 409, 401)),
    ("get", "/api/v1/audit/assessments/", "submitted", None, AUDITORS),
    ("get", "/api/v1/audit/assessments/{pk}/", "submitted", None, AUDITOR_READS),
    ("get", "/api/v1/audit/assessments/{pk}/", "returned", None, AUDITOR_READS),
    ("get", "/api/v1/audit/assessments/{pk}/answers/", "submitted", None, AUDITOR_READS),
    ("get", "/api/v1/audit/assessments/{pk}/comments/", "returned", None, AUDITOR_READS),
    ("get", "/api/v1/audit/assessments/{pk}/events/", "submitted", None, AUDITOR_READS),
    ("get", "/api/v1/audit/evidence/{evidence}/download/", "submitted", None, AUDITOR_READS),
    ("get", "/api/v1/audit/reports/{report}/download/", "submitted", None, AUDITOR_READS),
    ("get", "/api/v1/audit/reports/{report}/package/", "submitted", None, AUDITOR_READS),
]  # fmt: skip


def _filled(value, world):
    if isinstance(value, dict):
        return {k: _filled(v, world) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return world[value[1:-1]]
    return value


@pytest.mark.parametrize(
    ("method", "path", "state", "body", "statuses"), MATRIX, ids=[f"{m} {p} {st}" for m, p, st, *_ in MATRIX]
)
@pytest.mark.parametrize("who", WHO)
def test_review_and_audit_endpoints_answer_each_audience(
    request, as_user, method, path, state, body, statuses, who
):
    world = build(request, state)
    before = Assessment.objects.values("status", "reviewer_id").get(pk=world["pk"])
    client = as_user(None if who == "anonymous" else request.getfixturevalue(who))
    kwargs = {"data": _filled(body, world), "format": "json"} if body is not None else {}

    response = getattr(client, method)(path.format(**world), **kwargs)

    expected = statuses[WHO.index(who)]
    assert response.status_code == expected, response.body_bytes[:500]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        after = Assessment.objects.values("status", "reviewer_id").get(pk=world["pk"])
        assert after == before  # refused: nothing changed


def test_an_expired_or_revoked_grant_reads_nothing(request, as_user, auditor):
    world = build(request, "submitted")
    AuditorGrant.objects.filter(pk=world["grant"]).update(until=timezone.localdate() - timedelta(days=1))
    api = as_user(auditor)
    assert api.get(f"/api/v1/audit/assessments/{world['pk']}/").status_code == 404
    AuditorGrant.objects.filter(pk=world["grant"]).update(until=None, revoked_at=timezone.now())
    assert api.get(f"/api/v1/audit/assessments/{world['pk']}/").status_code == 404
