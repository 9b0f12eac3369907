from django.urls import path

from assessments.views import assessments, organisations, questionnaire, reports, results, spreadsheet

app_name = "assessments"
urlpatterns = [
    path("dashboard/", assessments.dashboard, name="dashboard"),
    # organisations, members and invitations
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", organisations.member_invite, name="member_invite"),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/role/", organisations.member_role, name="member_role"
    ),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/remove/",
        organisations.member_remove,
        name="member_remove",
    ),
    path("invitations/<str:token>/", organisations.accept_invitation, name="accept_invitation"),
    # the AI systems register
    path("organisations/<int:pk>/systems/new/", organisations.system_create, name="system_create"),
    path("systems/<int:pk>/", organisations.system_detail, name="system_detail"),
    path("systems/<int:pk>/edit/", organisations.system_edit, name="system_edit"),
    # assessments
    path("systems/<int:pk>/assessments/new/", assessments.assessment_start, name="assessment_start"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/triage/", assessments.triage, name="triage"),
    path("assessments/<int:pk>/review/", assessments.review, name="review"),
    path("assessments/<int:pk>/submit/", assessments.submit, name="submit"),
    path("assessments/<int:pk>/copy/", assessments.copy, name="copy"),
    path("assessments/<int:pk>/results/", results.results, name="results"),
    path("assessments/<int:pk>/results/status/", results.results_status, name="results_status"),
    path("assessments/<int:pk>/results/rescore/", results.rescore, name="rescore"),
    path("scoring-method/", results.scoring_method, name="scoring_method"),
    path("assessments/<int:pk>/reports/new/", reports.report_request, name="report_request"),
    path("reports/<int:pk>/status/", reports.report_status, name="report_status"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    path("reports/<int:pk>/package/", reports.package_download, name="package_download"),
    path("reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
    path("verify/", reports.verify, name="verify"),
    path("assessments/<int:pk>/sections/<str:code>/", questionnaire.section, name="section"),
    path("assessments/<int:pk>/questions/<str:code>/", questionnaire.answer, name="answer"),
    path(
        "assessments/<int:pk>/questions/<str:code>/history/",
        questionnaire.answer_history,
        name="answer_history",
    ),
    path("evidence/<int:pk>/", questionnaire.evidence_download, name="evidence_download"),
    # the spreadsheet round trip
    path("assessments/<int:pk>/spreadsheet/", spreadsheet.spreadsheet, name="spreadsheet"),
    path(
        "assessments/<int:pk>/spreadsheet/export.xlsx",
        spreadsheet.export,
        {"kind": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "assessments/<int:pk>/spreadsheet/export.csv", spreadsheet.export, {"kind": "csv"}, name="export_csv"
    ),
    path("assessments/<int:pk>/spreadsheet/preview/", spreadsheet.preview, name="spreadsheet_preview"),
    path("assessments/<int:pk>/spreadsheet/apply/", spreadsheet.apply, name="spreadsheet_apply"),
]
