"""The contract: a valid OpenAPI document, documented errors, rate limits, flat query counts, offline docs."""

import pytest
from openapi_spec_validator import validate
from rest_framework.settings import api_settings

from api import services as token_services
from assessments.models import AuditEvent
from assessments.services.audit import record_event
from tests.assessments.helpers import start
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_a_valid_openapi_document(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_operation_has_a_tag_an_id_and_documented_problems(openapi_document):
    ids = []
    for path, operations in openapi_document["paths"].items():
        for method, operation in operations.items():
            ids.append(operation["operationId"])
            assert operation["tags"], f"{method} {path}"
            for code in ("405", "406", "429"):
                content = operation["responses"][code]["content"]["application/problem+json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
                assert content["examples"]["problem"]["value"]["status"] == int(code)
            if "{" in path:
                assert "404" in operation["responses"], f"{method} {path}"
    assert len(ids) == len(set(ids))


def test_no_operation_offers_a_format_query_parameter(openapi_document):
    # Downloads choose their media type by Accept alone; a `?format=` in the schema would be a promise
    # (an enum) that the server does not keep for values outside it.
    for path, operations in openapi_document["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            assert "format" not in names, f"{method} {path}"


def test_swagger_ui_and_redoc_are_served_from_local_files(client):
    for name in ("docs", "redoc"):
        page = client.get(f"/api/v1/{name}/").content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower() and "https://" not in page.split("<body")[1].split("</body>")[0]


def test_the_token_page_links_to_the_reference(client, owner):
    client.force_login(owner)
    assert "/api/v1/docs/" in client.get("/accounts/api-tokens/").content.decode()


def test_an_unsupported_method_is_405_with_allow(as_user, owner):
    response = as_user(owner).put("/api/v1/me/", {})
    assert response.status_code == 405 and "GET" in response["Allow"]


def test_a_body_of_the_wrong_media_type_is_415(as_user, owner):
    response = as_user(owner).post("/api/v1/organisations/", "name=x", content_type="text/plain")
    assert response.status_code == 415


def test_malformed_json_is_400(as_user, owner):
    response = as_user(owner).post("/api/v1/organisations/", "{", content_type="application/json")
    assert response.status_code == 400 and response.json()["type"].endswith("http-400")


def test_a_token_is_rate_limited_with_retry_after(as_user, owner, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "address": "100/min"},
    }
    assert api_settings.DEFAULT_THROTTLE_RATES["token"] == "3/min"
    api = as_user(owner)
    assert [api.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = api.get("/api/v1/me/")
    assert int(response["Retry-After"]) > 0 and response["Content-Type"] == "application/problem+json"
    # another token of the same person has its own budget
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_services.create_token(user=owner, name='b')[1]}")
    assert api.get("/api/v1/me/").status_code == 200


def test_an_address_is_rate_limited_whoever_it_is(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100/min", "address": "2/min"},
    }
    assert [api.get("/api/v1/guideline/versions/").status_code for _ in range(3)] == [200, 200, 429]
    api.credentials(HTTP_AUTHORIZATION="Bearer gaip_00000000_guess")
    assert api.get("/api/v1/me/").status_code == 429  # guessing tokens is counted too


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/assessments/?page_size={n}", 4),  # 7 before the guideline content was kept
        ("/api/v1/organisations/{org}/systems/?page_size={n}", 4),
        ("/api/v1/assessments/{a}/events/?page_size={n}", 4),
        ("/api/v1/guideline/versions/hk-genai-2025-12/questions/?page_size={n}", 8),
        ("/api/v1/guideline/versions/hk-genai-2025-12/obligations/?page_size={n}", 9),
    ],
)
def test_list_pages_take_the_same_queries_whatever_their_size(
    as_user, owner, system, published_content, django_assert_num_queries, path, queries
):
    for _ in range(6):
        AISystemFactory(organisation=system.organisation)
        a = start(system, owner)
        record_event(AuditEvent.Action.RESCORE_REQUESTED, actor=owner, assessment=a)
    api = as_user(owner)
    api.get("/api/v1/me/")  # the token's first use is recorded once
    for n in (1, 3):
        with django_assert_num_queries(queries):
            response = api.get(path.format(n=n, org=system.organisation_id, a=a.pk))
        assert response.status_code == 200 and len(response.json()["results"]) == n


@pytest.mark.parametrize(
    "path", ["/api/v1/guideline/versions/a\nb/", "/api/v1/assessments/null,null/triage/", "/api/v1/nowhere"]
)
def test_an_unknown_api_path_is_a_404_problem_not_an_html_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
