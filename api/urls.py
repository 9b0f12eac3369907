"""/api/v1/: one path per resource. The organisation's review moves and auditor grants hang off its
`assessments/<pk>/` and `organisations/<pk>/`; the DPO's side is under `dpo/`, an auditor's under
`audit/`."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from api.views import answers, assessments, audits, guideline, organisations, reports, reviews
from api.views.common import SchemaView, not_found

DOCS_POLICY = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})
app_name = "api"
urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    # The API reference pages, the one exception to the portal's policy: Swagger UI (whose set-up
    # script is served from a URL, not inline) and ReDoc write inline styles, and ReDoc runs a worker
    # from a blob: URL. Scripts stay 'self' only; ReDoc's attempts to load fonts from a CDN are refused.
    path("docs/", DOCS_POLICY(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="swagger"),
    path("redoc/", DOCS_POLICY(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    # guideline content (public)
    path("guideline/versions/", guideline.version_list, name="guideline_versions"),
    path("guideline/versions/<slug:code>/", guideline.version_detail, name="guideline_version"),
    path(
        "guideline/versions/<slug:code>/questions/",
        guideline.QuestionList.as_view(),
        name="guideline_questions",
    ),
    path(
        "guideline/versions/<slug:code>/obligations/",
        guideline.ObligationList.as_view(),
        name="guideline_obligations",
    ),
    path(
        "guideline/versions/<slug:code>/triage-questions/",
        guideline.triage_question_list,
        name="guideline_triage_questions",
    ),
    # the user, organisations, members, invitations, AI systems
    path("me/", organisations.me, name="me"),
    path("organisations/", organisations.OrganisationList.as_view(), name="organisations"),
    path("organisations/<int:pk>/", organisations.OrganisationDetail.as_view(), name="organisation"),
    path("organisations/<int:pk>/members/", organisations.member_list, name="members"),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/", organisations.MemberDetail.as_view(), name="member"
    ),
    path("organisations/<int:pk>/invitations/", organisations.InvitationList.as_view(), name="invitations"),
    path("organisations/<int:pk>/systems/", organisations.SystemList.as_view(), name="systems"),
    path("systems/<int:pk>/", organisations.SystemDetail.as_view(), name="system"),
    # assessments
    path("assessments/", assessments.AssessmentList.as_view(), name="assessments"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/triage/", assessments.Triage.as_view(), name="triage"),
    path("assessments/<int:pk>/submit/", assessments.submit, name="submit"),
    path("assessments/<int:pk>/copy/", assessments.copy, name="copy"),
    path("assessments/<int:pk>/events/", assessments.EventList.as_view(), name="events"),
    path("assessments/<int:pk>/result/", assessments.result, name="result"),
    path("assessments/<int:pk>/rescore/", assessments.rescore, name="rescore"),
    path("assessments/<int:pk>/answers/", answers.answer_list, name="answers"),
    path("assessments/<int:pk>/answers/bulk/", answers.bulk_upsert, name="answers_bulk"),
    path("assessments/<int:pk>/answers/<str:code>/", answers.AnswerDetail.as_view(), name="answer"),
    path(
        "assessments/<int:pk>/answers/<str:code>/evidence/",
        answers.EvidenceList.as_view(),
        name="evidence_list",
    ),
    path("evidence/<int:pk>/", answers.EvidenceDetail.as_view(), name="evidence"),
    path("evidence/<int:pk>/download/", answers.evidence_download, name="evidence_download"),
    path("assessments/<int:pk>/reports/", reports.ReportList.as_view(), name="reports"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    path("reports/<int:pk>/package/", reports.package_download, name="report_package"),
    # the review by the DPO: the organisation's side
    path("assessments/<int:pk>/send-for-review/", reviews.SendForReview.as_view(), name="send_for_review"),
    path("assessments/<int:pk>/resubmit/", reviews.resubmit, name="resubmit"),
    path("assessments/<int:pk>/withdraw/", reviews.withdraw, name="withdraw"),
    path("assessments/<int:pk>/comments/", reviews.comment_list, name="comments"),
    path("review-comments/<int:pk>/replies/", reviews.reply, name="reply"),
    # the DPO's side
    path("dpo/queue/", reviews.Queue.as_view(), name="dpo_queue"),
    path("dpo/staff/", reviews.staff_list, name="dpo_staff"),
    path("dpo/assessments/<int:pk>/", reviews.review_record, name="dpo_assessment"),
    path("dpo/assessments/<int:pk>/answers/", reviews.review_answers, name="dpo_answers"),
    path("dpo/assessments/<int:pk>/comments/", reviews.review_comments, name="dpo_comments"),
    path("dpo/assessments/<int:pk>/comments/new/", reviews.comment, name="dpo_comment"),
    path("dpo/assessments/<int:pk>/events/", reviews.ReviewEventList.as_view(), name="dpo_events"),
    path("dpo/assessments/<int:pk>/take/", reviews.take, name="dpo_take"),
    path("dpo/assessments/<int:pk>/assign/", reviews.assign, name="dpo_assign"),
    path("dpo/assessments/<int:pk>/request-changes/", reviews.request_changes, name="dpo_request_changes"),
    path("dpo/assessments/<int:pk>/decide/", reviews.decide, name="dpo_decide"),
    path("dpo/assessments/<int:pk>/auditor-grants/", audits.dpo_grant, name="dpo_grant"),
    path("dpo/comments/<int:pk>/resolve/", reviews.resolve, name="dpo_resolve"),
    path("dpo/evidence/<int:pk>/download/", reviews.evidence_download, name="dpo_evidence_download"),
    path("dpo/reports/<int:pk>/download/", reviews.report_download, name="dpo_report_download"),
    # auditors: giving and revoking access, and the auditor's read-only side
    path("organisations/<int:pk>/auditor-grants/", audits.OrganisationGrants.as_view(), name="grants"),
    path("auditor-grants/<int:pk>/revoke/", audits.revoke, name="grant_revoke"),
    path("audit/grants/", audits.held_grants, name="audit_grants"),
    path("audit/invitations/accept/", audits.accept, name="audit_accept"),
    path("audit/assessments/", audits.AuditedAssessments.as_view(), name="audit_assessments"),
    path("audit/assessments/<int:pk>/", audits.audited_record, name="audit_assessment"),
    path("audit/assessments/<int:pk>/answers/", audits.audited_answers, name="audit_answers"),
    path("audit/assessments/<int:pk>/comments/", audits.audited_comments, name="audit_comments"),
    path("audit/assessments/<int:pk>/events/", audits.AuditedEvents.as_view(), name="audit_events"),
    path("audit/evidence/<int:pk>/download/", audits.evidence_download, name="audit_evidence_download"),
    path("audit/reports/<int:pk>/download/", audits.report_download, name="audit_report_download"),
    path("audit/reports/<int:pk>/package/", audits.package_download, name="audit_package_download"),
    # anything else under /api/v1/ (e.g. /assessments/abc/): a 404 problem document, not an HTML page
    re_path(r"^[\s\S]*$", not_found, name="not_found"),
]

# DRF authenticates API requests itself (tokens or the session) and answers 401 as a problem
# document, so the site-wide LoginRequiredMiddleware must not redirect them to the login page.
for pattern in urlpatterns:
    login_not_required(pattern.callback)
