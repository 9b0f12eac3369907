from django.urls import path

from reviews.views import dashboard, dpo, organisation

app_name = "reviews"
urlpatterns = [
    # the DPO's pages
    path("dpo/queue/", dpo.queue, name="queue"),
    path("dpo/queue/export.<str:fmt>", dashboard.queue_export, name="queue_export"),
    path("dpo/dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dpo/dashboard/<slug:table>.<str:fmt>", dashboard.dashboard_export, name="dashboard_export"),
    path("dpo/assessments/<int:pk>/", dpo.review, name="review"),
    path("dpo/assessments/<int:pk>/take/", dpo.take, name="take"),
    path("dpo/assessments/<int:pk>/assign/", dpo.assign, name="assign"),
    path("dpo/assessments/<int:pk>/comment/", dpo.comment, name="comment"),
    path("dpo/assessments/<int:pk>/request-changes/", dpo.request_changes, name="request_changes"),
    path("dpo/assessments/<int:pk>/decide/", dpo.decide, name="decide"),
    path("dpo/comments/<int:pk>/resolve/", dpo.resolve, name="resolve"),
    path("dpo/evidence/<int:pk>/", dpo.evidence_download, name="evidence_download"),
    path("dpo/reports/<int:pk>/download/", dpo.report_download, name="report_download"),
    # the organisation's side
    path("assessments/<int:pk>/send-for-review/", organisation.send_for_review, name="send_for_review"),
    path("assessments/<int:pk>/resubmit/", organisation.resubmit, name="resubmit"),
    path("assessments/<int:pk>/withdraw/", organisation.withdraw, name="withdraw"),
    path("review-comments/<int:pk>/reply/", organisation.reply, name="reply"),
]
