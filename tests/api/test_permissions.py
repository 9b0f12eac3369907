"""Every endpoint × every audience: the same tenant and role rules as the web pages.

Another organisation's objects are 404, a missing right 403, no credentials 401. Each response is
also checked against the OpenAPI schema by the `api` client.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Report
from assessments.services import assessments as services
from assessments.services import reports as report_services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, best_option, start

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WHO = ["owner", "editor", "viewer", "outsider", "anonymous"]


def build_world(system, owner, viewer, capture, *, submitted_too: bool) -> dict:
    draft = start(system, owner)
    item = load_questionnaire(draft).items[0]
    services.save_answer(assessment=draft, question=item.question, by=owner, value=best_option(item))
    evidence = services.add_evidence(
        assessment=draft, question=item.question, upload=SimpleUploadedFile("a.pdf", PDF), by=owner
    )
    membership = system.organisation.memberships.get(user=viewer)
    world = {
        "org": system.organisation.pk, "system": system.pk, "draft": draft.pk, "code": item.question.code,
        "evidence": evidence.pk, "member": membership.pk, "version": item.question.version.code,
    }  # fmt: skip
    if submitted_too:  # scoring takes a while: only for the endpoints that need a result
        world.update(build_submitted(system, owner, capture))
    return world


def build_submitted(system, owner, capture) -> dict:
    submitted = start(system, owner)
    answer_all(submitted, owner)
    with capture(execute=True):
        services.submit_assessment(assessment=submitted, by=owner)
    result = scoring_services.current_result(submitted)
    report = Report.objects.create(
        assessment=submitted, result=result, language="en", number="GAIP-2026-000001",
        status=Report.Status.READY, assessment_status=submitted.status,
    )  # fmt: skip
    report.file.save("r.pdf", ContentFile(PDF))
    report.package.save("p.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    failed = report_services.request_report(result=result, language="en", by=owner)
    Report.objects.filter(pk=failed.pk).update(status=Report.Status.FAILED, error="test")
    return {"submitted": submitted.pk, "report": report.pk, "failed": failed.pk}


# method, path, body, status for owner / editor / viewer / outsider / anonymous
MATRIX = [
    ("get", "/api/v1/me/", None, [200, 200, 200, 200, 401]),
    ("get", "/api/v1/organisations/", None, [200, 200, 200, 200, 401]),
    ("post", "/api/v1/organisations/", {"name": "New Co", "sector": "retail", "size": "micro",
     "contact_name": "A",
     "contact_email": "a@example.org"}, [201, 201, 201, 201, 401]),
    ("get", "/api/v1/organisations/{org}/", None, [200, 200, 200, 404, 401]),
    ("patch", "/api/v1/organisations/{org}/", {"contact_phone": "+852 1234 5678"}, [200, 403, 403, 404, 401]),
    ("get", "/api/v1/organisations/{org}/members/", None, [200, 200, 200, 404, 401]),
    ("patch", "/api/v1/organisations/{org}/members/{member}/", {"role": "editor"}, [200, 403, 403, 404, 401]),
    ("delete", "/api/v1/organisations/{org}/members/{member}/", None, [204, 403, 403, 404, 401]),
    ("get", "/api/v1/organisations/{org}/invitations/", None, [200, 403, 403, 404, 401]),
    ("post", "/api/v1/organisations/{org}/invitations/", {"email": "new@example.org", "role": "viewer"},
     [201, 403, 403, 404, 401]),
    ("get", "/api/v1/organisations/{org}/systems/", None, [200, 200, 200, 404, 401]),
    ("post", "/api/v1/organisations/{org}/systems/", "system", [201, 201, 403, 404, 401]),
    ("get", "/api/v1/systems/{system}/", None, [200, 200, 200, 404, 401]),
    ("patch", "/api/v1/systems/{system}/", {"name": "Renamed"}, [200, 200, 403, 404, 401]),
    ("get", "/api/v1/assessments/", None, [200, 200, 200, 200, 401]),
    ("post", "/api/v1/assessments/", {"system": "{system}", "role": "user"}, [201, 201, 403, 400, 401]),
    ("get", "/api/v1/assessments/{draft}/", None, [200, 200, 200, 404, 401]),
    ("get", "/api/v1/assessments/{draft}/triage/", None, [200, 200, 200, 404, 401]),
    ("put", "/api/v1/assessments/{draft}/triage/", "triage", [200, 200, 403, 404, 401]),
    ("post", "/api/v1/assessments/{draft}/submit/", None, [409, 403, 403, 404, 401]),
    ("post", "/api/v1/assessments/{submitted}/copy/", {"guideline_version": "{version}"},
     [201, 201, 403, 404, 401]),
    ("get", "/api/v1/assessments/{draft}/events/", None, [200, 200, 200, 404, 401]),
    ("get", "/api/v1/assessments/{submitted}/result/", None, [200, 200, 200, 404, 401]),
    ("post", "/api/v1/assessments/{submitted}/rescore/", None, [202, 403, 403, 404, 401]),
    ("get", "/api/v1/assessments/{draft}/answers/", None, [200, 200, 200, 404, 401]),
    ("get", "/api/v1/assessments/{draft}/answers/{code}/", None, [200, 200, 200, 404, 401]),
    ("put", "/api/v1/assessments/{draft}/answers/{code}/", "answer", [200, 200, 403, 404, 401]),
    ("post", "/api/v1/assessments/{draft}/answers/bulk/", "bulk", [200, 200, 403, 404, 401]),
    ("get", "/api/v1/assessments/{draft}/answers/{code}/evidence/", None, [200, 200, 200, 404, 401]),
    ("post", "/api/v1/assessments/{draft}/answers/{code}/evidence/", "upload", [201, 201, 403, 404, 401]),
    ("get", "/api/v1/evidence/{evidence}/", None, [200, 200, 200, 404, 401]),
    ("get", "/api/v1/evidence/{evidence}/download/", None, [200, 200, 200, 404, 401]),
    ("delete", "/api/v1/evidence/{evidence}/", None, [204, 204, 403, 404, 401]),
    ("get", "/api/v1/assessments/{submitted}/reports/", None, [200, 200, 200, 404, 401]),
    ("post", "/api/v1/assessments/{submitted}/reports/", {"language": "zh-hant"}, [202, 202, 403, 404, 401]),
    ("get", "/api/v1/reports/{report}/", None, [200, 200, 200, 404, 401]),
    ("get", "/api/v1/reports/{report}/download/", None, [200, 200, 200, 404, 401]),
    ("get", "/api/v1/reports/{report}/package/", None, [200, 200, 200, 404, 401]),
    ("post", "/api/v1/reports/{failed}/retry/", None, [202, 202, 403, 404, 401]),
]  # fmt: skip


def _body(kind, world, assessment_id):
    from tests.assessments.helpers import TRIAGE

    if kind == "system":
        return {
            "name": "Claims helper", "purpose": "Summarises claims.", "models_used": "Llama 3",
            "providers": "On premises", "users": "Claims staff", "affected_people": "Claimants",
            "data_kinds": ["personal"], "sector": "finance", "deployment_status": "pilot",
        }  # fmt: skip
    if kind == "triage":
        return {"facts": TRIAGE}
    if kind in ("answer", "bulk"):
        from assessments.models import Assessment

        item = load_questionnaire(Assessment.objects.get(pk=assessment_id)).item(world["code"])
        answer = {"value": best_option(item), "comment": "Checked by the API."}
        if kind == "answer":
            return answer
        return {"answers": [{**answer, "question": world["code"], "version": item.answer.version}]}
    if isinstance(kind, dict):
        return {k: _filled(v, world) for k, v in kind.items()}
    return kind


def _filled(value, world):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return world[value[1:-1]]  # ids stay numbers, codes strings
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "statuses"), MATRIX, ids=[f"{m} {p}" for m, p, *_ in MATRIX]
)
@pytest.mark.parametrize("who", WHO)
def test_endpoint_answers_each_audience(
    request,
    as_user,
    system,
    owner,
    editor,
    viewer,
    django_capture_on_commit_callbacks,
    method,
    path,
    body,
    statuses,
    who,
):
    needs_result = any(key in path for key in ("{submitted}", "{report}", "{failed}"))
    world = build_world(system, owner, viewer, django_capture_on_commit_callbacks, submitted_too=needs_result)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = as_user(user)
    url = path.format(**world)
    kwargs = {}
    if body == "upload":
        kwargs = {"data": {"file": SimpleUploadedFile("b.pdf", PDF)}, "format": "multipart"}
    elif body is not None:
        kwargs = {"data": _body(body, world, world["draft"]), "format": "json"}
    if body == "answer":
        kwargs["HTTP_IF_MATCH"] = '"1"'
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == statuses[WHO.index(who)], response.body_bytes[:500]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_every_operation_of_the_schema_is_in_the_matrix(openapi_document):
    public = {"guideline", None}
    from tests.api.test_review_permissions import MATRIX as REVIEW_MATRIX

    covered = {(m.upper(), p) for m, p, *_ in MATRIX + REVIEW_MATRIX}
    for path, operations in openapi_document["paths"].items():
        for method, operation in operations.items():
            if operation["tags"][0] in public:
                continue
            assert any(_same(path, p) and m == method.upper() for m, p in covered), f"{method} {path}"


def _same(template: str, concrete: str) -> bool:
    import re

    pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
    return re.fullmatch(pattern, re.sub(r"\{[^}]+\}", "x", concrete)) is not None
