"""Personal API tokens: created on the account page and shown once, stored hashed, used, revoked, expired."""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.two_factor import REQUIRED_OF
from api import services
from api.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"gaip_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def bearer(api, secret):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return api


def test_a_token_is_shown_once_and_stored_only_as_a_hash(client, owner):
    client.force_login(owner)
    response = client.post(reverse("api_tokens:list"), {"name": "GRC sync", "expires_on": ""})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = SECRET.search(response.content.decode()).group()
    token = ApiToken.objects.get(user=owner)
    assert token.name == "GRC sync" and secret.startswith(f"gaip_{token.prefix}_")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "GRC sync" in page and token.prefix in page and secret not in page


def test_a_token_authenticates_and_records_when_it_was_used(api, owner):
    token, secret = services.create_token(user=owner, name="script")
    assert token.last_used_at is None
    response = bearer(api, secret).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == owner.email and response.json()["token"]["name"] == "script"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_no_longer_works(api, client, owner):
    token, secret = services.create_token(user=owner, name="old laptop")
    client.force_login(owner)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = bearer(api, secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token is unknown, expired or revoked."


def test_an_expired_token_no_longer_works(api, owner):
    token, secret = services.create_token(
        user=owner, name="short", expires_at=timezone.now() + timedelta(days=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(api, secret).get("/api/v1/me/").status_code == 401


def test_an_expiry_date_makes_the_token_end_that_day(client, owner):
    client.force_login(owner)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(reverse("api_tokens:list"), {"name": "quarterly", "expires_on": day})
    assert timezone.localtime(ApiToken.objects.get().expires_at).date().isoformat() == day


def test_a_past_expiry_is_refused(client, owner):
    client.force_login(owner)
    response = client.post(reverse("api_tokens:list"), {"name": "x", "expires_on": "2020-01-01"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


@pytest.mark.parametrize("secret", ["nonsense", "gaip_deadbeef_wrong", "gaip_", "Bearer"])
def test_a_wrong_token_is_401_with_a_problem_document(api, owner, secret):
    services.create_token(user=owner, name="real")
    response = bearer(api, secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_guessed_secret_with_a_real_prefix_is_refused(api, owner):
    token, secret = services.create_token(user=owner, name="real")
    assert (
        bearer(api, secret[:-1] + ("A" if secret[-1] != "A" else "B")).get("/api/v1/me/").status_code == 401
    )


def test_a_deactivated_user_s_token_no_longer_works(api, owner):
    _token, secret = services.create_token(user=owner, name="real")
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert bearer(api, secret).get("/api/v1/me/").status_code == 401


def test_someone_else_s_token_cannot_be_revoked(client, owner, outsider):
    token, _secret = services.create_token(user=owner, name="mine")
    client.force_login(outsider)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("kind", "staff", "totp", "allowed"),
    [
        (User.Kind.MEMBER, False, False, True),
        (User.Kind.MEMBER, True, False, False),
        (User.Kind.MEMBER, True, True, True),
        (User.Kind.AUDITOR, False, False, False),
        (User.Kind.AUDITOR, False, True, True),
        (User.Kind.REVIEWER, False, False, False),
        (User.Kind.REVIEWER, False, True, True),
    ],
)
def test_staff_and_auditors_need_two_factor_authentication_first(client, kind, staff, totp, allowed):
    user = UserFactory(kind=kind, is_staff=staff)
    if totp:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert ("Create token" in page) is allowed
    response = client.post(reverse("api_tokens:list"), {"name": "n"})
    # Staff and auditors without TOTP do not reach the page at all: every page sends them to set it up.
    refused = 302 if kind in REQUIRED_OF and not totp else 400
    assert response.status_code == (200 if allowed else refused)
    assert ApiToken.objects.filter(user=user).exists() is allowed


def test_the_token_page_needs_a_log_in(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
