"""Sign-up with e-mail confirmation, log-in rate limits and two-factor authentication (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts attempts in the cache
    yield
    cache.clear()


def verified_user(**kwargs) -> User:
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_sign_up_requires_confirming_the_email(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "kwan@example.org", "password1": "Lantern-harbour-42", "password2": "Lantern-harbour-42"},
    )
    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="kwan@example.org").verified
    [message] = mailoutbox
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    client.logout()
    login = client.post(
        reverse("account_login"), {"login": "kwan@example.org", "password": "Lantern-harbour-42"}
    )
    assert login["Location"] == reverse("account_email_verification_sent")  # not logged in before confirming
    client.post(link.replace("http://testserver", ""))
    assert EmailAddress.objects.get(email="kwan@example.org").verified


def test_a_verified_user_logs_in_with_email_and_lands_on_the_dashboard(client):
    user = verified_user()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response["Location"] == reverse("assessments:dashboard")


def test_failed_logins_are_rate_limited(client):
    user = verified_user()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session  # even the right password is refused for now
    assert "Too many" in response.content.decode()


def test_a_room_of_fifty_behind_one_address_all_log_in(client):
    """A training room behind one NAT: allauth's default of 30 logins a minute per address refused it."""
    people = [verified_user() for _ in range(50)]
    for person in people:
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": "correct-horse-battery"}
        )
        assert response.status_code == 302, person.email
        assert client.session["_auth_user_id"] == str(person.pk)


def test_guessing_from_many_accounts_of_one_address_is_still_stopped(client):
    for n in range(60):
        client.post(reverse("account_login"), {"login": f"nobody{n}@example.org", "password": "guess"})
    user = verified_user()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert "_auth_user_id" not in client.session and response.status_code in (200, 429)


def test_password_reset_sends_a_link(client, mailoutbox):
    user = verified_user()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_anyone_can_turn_on_totp_two_factor(client):
    user = verified_user()
    client.force_login(user)
    page = client.get(reverse("mfa_activate_totp"))
    assert page["Location"].startswith(reverse("account_reauthenticate"))  # it asks for the password again
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()  # the QR code to scan
    assert 'name="code"' in page.content.decode()


def test_account_pages_use_the_portal_layout(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'class="skip-link"' in page and "GenAI Guideline Portal" in page


def test_a_user_who_never_chose_a_language_gets_the_portal_default(db, settings):
    user = UserFactory(language="")
    assert user.preferred_language == settings.LANGUAGE_CODE == "en"
    user.language = "zh-hant"
    assert user.preferred_language == "zh-hant"
