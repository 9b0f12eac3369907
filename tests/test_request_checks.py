"""A NUL character anywhere in a request is refused with a 400 before any view or database sees it."""

import pytest
from django.urls import reverse

from assessments.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/invitations/%00/", "/verify/?number=GAIP%00", "/guideline/?role=%00"])
def test_a_nul_in_the_path_or_query_is_a_clear_400(client, owner, path):
    client.force_login(owner)
    response = client.get(path)
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()


def test_a_nul_in_a_form_value_changes_nothing(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        reverse("assessments:organisation_edit", args=[organisation.pk]),
        {"name": "Harbour\x00Bank", "sector": organisation.sector, "size": organisation.size},
    )
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name


def test_an_oversized_verify_upload_is_refused_before_it_is_read(client, settings):
    """Nothing is read: the body announced is 1 GB, the one sent is empty."""
    response = client.post("/verify/", {}, CONTENT_LENGTH=str(1024**3))
    assert response.status_code == 413
    page = response.content.decode()
    assert "Too large to accept" in page and "(30 MB)" in page


def test_an_oversized_section_form_is_refused_and_changes_nothing(client, owner, organisation, settings):
    settings.REQUEST_MAX_BYTES = 1024
    client.force_login(owner)
    response = client.post(
        reverse("assessments:organisation_edit", args=[organisation.pk]),
        {"name": "x" * 2000, "sector": organisation.sector, "size": organisation.size},
    )
    assert response.status_code == 413
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name


def test_a_malformed_length_is_a_400(client):
    assert client.post("/verify/", {}, CONTENT_LENGTH="lots").status_code == 400


def test_a_database_outage_says_so_and_that_nothing_was_saved(client, owner, organisation, monkeypatch):
    from django.db import OperationalError

    from assessments.services import organisations

    def down(**kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(organisations, "update_organisation", down)
    client.force_login(owner)
    response = client.post(
        reverse("assessments:organisation_edit", args=[organisation.pk]),
        {
            "name": "Harbour Bank",
            "sector": organisation.sector,
            "size": organisation.size,
            "contact_name": "Ms Chan",
            "contact_email": "chan@example.org",
        },
    )
    assert response.status_code == 503 and response["Retry-After"] == "10"
    page = response.content.decode()
    assert "briefly unavailable" in page and "What you just sent was not saved." in page


def test_a_database_outage_before_any_view_also_says_so(client, monkeypatch):
    """Reading the session fails first when PostgreSQL is down: no bare 'Server Error (500)'."""
    from django.contrib.sessions.backends import db
    from django.db import OperationalError

    def down(self):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(db.SessionStore, "load", down)
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a" * 32  # a well-formed key, so the store is asked for it
    response = client.get(reverse("assessments:dashboard"))
    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()


def test_the_api_is_refused_with_problem_documents(client):
    nul = client.get("/api/v1/assessments/?cursor=%00")
    assert nul.status_code == 400 and nul["Content-Type"] == "application/problem+json"
    big = client.post("/api/v1/assessments/", {}, CONTENT_LENGTH=str(1024**3))
    assert big.status_code == 413 and big.json()["type"].endswith("too-large")


def test_a_malformed_multipart_body_to_the_api_is_answered_by_the_api(client, owner):
    from tests.api.conftest import token_for

    response = client.post(
        "/api/v1/assessments/",
        data=b"--x\r\n",
        content_type="multipart/form-data",  # no boundary
        HTTP_AUTHORIZATION=f"Bearer {token_for(owner)}",
    )
    assert 400 <= response.status_code < 500 and response["Content-Type"] == "application/problem+json"
