"""Run by scripts/api-contract-check with `manage.py shell`: completes one demo assessment (answers,
evidence, submission, a rendered report) so that schemathesis reaches real objects, and prints a
schemathesis configuration whose dictionaries hold their ids and question codes."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from assessments.models import Assessment, AuditorGrant, Evidence, Report, ReviewComment
from assessments.services import assessments as services
from assessments.services import reports, scoring
from assessments.services.questionnaire import load_questionnaire
from guideline_content.models import GuidelineVersion

owner = User.objects.get(email="owner@example.org")
draft, done = Assessment.objects.filter(created_by=owner).order_by("pk")[:2]
for item in load_questionnaire(done).items:
    value = max(item.options, key=lambda o: o.score).code if item.options else "Written down in our policy."
    services.save_answer(assessment=done, question=item.question, by=owner, value=value)
first = load_questionnaire(draft).items[0].question
pdf = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
services.add_evidence(assessment=draft, question=first, upload=pdf, by=owner)
services.submit_assessment(assessment=done, by=owner)  # scored in-process (no broker)
reports.request_report(result=scoring.current_result(done), language="en", by=owner)
# `code` names a guideline version in some paths and a question in others
codes = [*GuidelineVersion.objects.values_list("code", flat=True)]
codes += [item.question.code for a in (draft, done) for item in load_questionnaire(a).items[:5]]
ids = sorted(
    {*Assessment.objects.values_list("pk", flat=True), *Evidence.objects.values_list("pk", flat=True)}
    | {
        *Report.objects.values_list("pk", flat=True),
        *ReviewComment.objects.values_list("pk", flat=True),
        *AuditorGrant.objects.values_list("pk", flat=True),
        *owner.memberships.values_list("organisation_id", flat=True),
    }
)
print(
    "\n".join(
        [
            f"dictionaries.ids.values = {json.dumps(ids)}",
            f"dictionaries.codes.values = {json.dumps(codes)}",
            "[parameters]",
            '"path.id" = { dictionary = "ids", probability = 0.6 }',
            '"path.code" = { dictionary = "codes", probability = 0.6 }',
        ]
    )
)
