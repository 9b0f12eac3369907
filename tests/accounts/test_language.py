"""The language a user chooses: kept in a year-long cookie and on the account, applied at log-in, and used
for the e-mails sent to them."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def verified_user(**kwargs) -> User:
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def choose(client, language: str):
    return client.post(reverse("set_language"), {"language": language, "next": "/guideline/"})


def test_choosing_a_language_sets_a_cookie_that_outlives_the_browser_session(client):
    response = choose(client, "zh-hant")
    assert response.status_code == 302
    cookie = response.cookies[COOKIE]
    assert cookie.value == "zh-hant" and int(cookie["max-age"]) >= 360 * 24 * 3600


def test_choosing_a_language_while_logged_in_stores_it_on_the_account(client):
    user = verified_user()
    client.force_login(user)
    choose(client, "zh-hant")
    user.refresh_from_db()
    assert user.language == "zh-hant"


def test_an_unknown_language_changes_neither_the_cookie_nor_the_account(client):
    user = verified_user(language="en")
    client.force_login(user)
    response = choose(client, "klingon")
    user.refresh_from_db()
    assert user.language == "en" and COOKIE not in response.cookies


def test_logging_in_applies_the_language_stored_on_the_account(client):
    verified_user(email="wong@example.org", language="zh-hant")
    client.cookies[COOKIE] = "en"  # another browser, last used in English
    response = client.post(
        reverse("account_login"), {"login": "wong@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response.cookies[COOKIE].value == "zh-hant"
    page = client.get(reverse("assessments:dashboard")).content.decode()
    assert '<html lang="zh-Hant-HK">' in page


def test_logging_in_without_a_stored_language_keeps_the_one_being_read(client):
    user = verified_user(email="chan@example.org", language="")
    client.cookies[COOKIE] = "zh-hant"
    client.post(reverse("account_login"), {"login": "chan@example.org", "password": "correct-horse-battery"})
    user.refresh_from_db()
    assert user.language == "zh-hant"


@pytest.mark.parametrize(
    ("language", "portal", "subject"),
    [
        ("en", "GenAI Guideline Portal", "Reset your password"),
        ("zh-hant", "生成式人工智能指引平台", "重設密碼"),
    ],
)
def test_account_e_mails_carry_the_portal_name_in_the_recipients_language(
    client, mailoutbox, language, portal, subject
):
    verified_user(email="lee@example.org", language=language)
    client.cookies[COOKIE] = "en" if language == "zh-hant" else "zh-hant"  # the requester reads the other
    client.post(reverse("account_reset_password"), {"email": "lee@example.org"})
    [message] = mailoutbox
    assert message.subject.startswith(portal) and subject in message.subject
    assert portal in message.body and settings.PORTAL_BASE_URL in message.body
    assert "testserver!" not in message.body and "Hello from" not in message.body
    assert "Email" not in message.subject + message.body  # "e-mail" (電郵) in our own words


def test_a_chinese_confirmation_e_mail_reads_as_chinese(client, mailoutbox):
    client.cookies[COOKIE] = "zh-hant"
    client.post(
        reverse("account_signup"),
        {"email": "ho@example.org", "password1": "Lantern-harbour-42", "password2": "Lantern-harbour-42"},
    )
    [message] = mailoutbox
    assert "確認" in message.subject and "生成式人工智能指引平台" in message.body
    assert "的問候" not in message.body and "Email" not in message.body


def test_a_security_notice_names_the_change_and_its_time_with_the_zone():
    context = {"ip": "203.0.113.9", "user_agent": "Firefox", "timestamp": timezone.now(), "portal_url": "x"}
    with translation.override("zh-hant"):
        body = render_to_string("account/email/password_changed_message.txt", context)
    assert "您的密碼已更改。" in body and "203.0.113.9" in body and "（香港時間）" in body
