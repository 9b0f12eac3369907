"""API tests: a client that checks every response against the published OpenAPI schema."""

import pytest
import requests
import schemathesis
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from schemathesis.core.transport import Response as SchemathesisResponse

from api import services as token_services
from tests.assessments.helpers import streamed


@pytest.fixture(scope="session")
def openapi_document() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="session")
def openapi_schema(openapi_document):
    return schemathesis.openapi.from_dict(openapi_document)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # throttles count in the cache, shared by every test of the session


def as_schemathesis_response(response, method: str, path: str, content: bytes) -> SchemathesisResponse:
    return SchemathesisResponse(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        content=content,
        request=requests.Request(method, "http://testserver" + path).prepare(),
        elapsed=0.0,
        verify=False,
        encoding="utf-8",
    )


class ValidatingClient(APIClient):
    """Every response must be documented: its status code, its media type and its body."""

    schema = None

    def generic(self, method, path, *args, **kwargs):
        response = super().generic(method, path, *args, **kwargs)
        route = path.split("?")[0]
        operation = self.schema.find_operation_by_path(method, route)
        if operation is None:  # a method the path does not have: only a 405 problem may answer it
            assert response.status_code == 405, f"{method} {route} is not in the schema"
            assert response["Content-Type"] == "application/problem+json"
            return response
        content = streamed(response) if response.streaming else response.content
        self.schema.validate_response(operation, as_schemathesis_response(response, method, path, content))
        response.body_bytes = content
        return response


@pytest.fixture
def api(openapi_schema) -> ValidatingClient:
    client = ValidatingClient()
    client.schema = openapi_schema
    return client


def token_for(user) -> str:
    return token_services.create_token(user=user, name="tests")[1]


@pytest.fixture
def as_user(api):
    """Authenticate the API client as `user` (None: anonymous) with a fresh personal token."""

    def login(user):
        if user is not None:
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return api

    return login
