from django.urls import path

from audits.views import auditor, granting

app_name = "audits"
urlpatterns = [
    # the auditor's pages (read-only)
    path("audit/", auditor.grants, name="grants"),
    path("audit/assessments/<int:pk>/", auditor.assessment, name="assessment"),
    path("audit/evidence/<int:pk>/", auditor.evidence_download, name="evidence_download"),
    path("audit/reports/<int:pk>/download/", auditor.report_download, name="report_download"),
    path("audit/reports/<int:pk>/package/", auditor.package_download, name="package_download"),
    path("audit/invitations/<str:token>/", auditor.accept, name="accept"),
    # giving and revoking access: an organisation's owners, and DPO administrators
    path("organisations/<int:pk>/auditors/", granting.grant, name="grant"),
    path("dpo/assessments/<int:pk>/auditors/", granting.dpo_grant, name="dpo_grant"),
    path("auditor-grants/<int:pk>/revoke/", granting.revoke, name="revoke"),
]
