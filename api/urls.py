"""/api/v1/: one path per resource; review actions, comments and auditor grants will hang off
`assessments/<pk>/` the same way."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from api.views import answers, assessments, guideline, organisations, reports
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
    # anything else under /api/v1/ (e.g. /assessments/abc/): a 404 problem document, not an HTML page
    re_path(r"^[\s\S]*$", not_found, name="not_found"),
]

# DRF authenticates API requests itself (tokens or the session) and answers 401 as a problem
# document, so the site-wide LoginRequiredMiddleware must not redirect them to the login page.
for pattern in urlpatterns:
    login_not_required(pattern.callback)
