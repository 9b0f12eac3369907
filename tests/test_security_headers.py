"""Every page carries the portal's security headers."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_policy_without_inline_script_or_style(client):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_api_reference_pages_allow_inline_styles_and_never_inline_scripts(client):
    for path in ("/api/v1/redoc/", "/api/v1/docs/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy, path
    assert "'unsafe-inline'" not in client.get("/verify/")["Content-Security-Policy"]
