"""Log-in lock-outs stop the guesser, not the account's owner (ACCOUNT_RATE_LIMITS, accounts/devices.py)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.devices import COOKIE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
OFFICE, ELSEWHERE = "203.0.113.10", "198.51.100.20"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _verified(email: str):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def person():
    return _verified("lee@example.org")


def _try(browser: Client, email: str, password: str):
    return browser.post(reverse("account_login"), {"login": email, "password": password})


def _logged_in(browser: Client, user) -> bool:
    return browser.session.get("_auth_user_id") == str(user.pk)


def _guess(email: str, times: int, address: str = OFFICE) -> Client:
    guesser = Client(REMOTE_ADDR=address)
    for n in range(times):
        _try(guesser, email, f"guess-{n}")
    return guesser


def _browser_used_before(user, address: str = OFFICE) -> Client:
    browser = Client(REMOTE_ADDR=address)
    assert _try(browser, user.email, PASSWORD).status_code == 302
    browser.post(reverse("account_logout"))
    assert not _logged_in(browser, user) and COOKIE in browser.cookies
    return browser


def test_the_guesser_is_stopped_even_with_the_right_password(person):
    guesser = _guess(person.email, 5)
    response = _try(guesser, person.email, PASSWORD)
    assert not _logged_in(guesser, person)
    assert "Too many failed log-in attempts" in response.content.decode()


def test_the_owner_at_another_address_logs_in_while_a_guesser_is_locked_out(person):
    _guess(person.email, 5)
    owner = Client(REMOTE_ADDR=ELSEWHERE)
    assert _try(owner, person.email, PASSWORD).status_code == 302 and _logged_in(owner, person)


def test_the_owner_at_the_guessers_address_logs_in_from_a_browser_used_before(person):
    browser = _browser_used_before(person)
    _guess(person.email, 5)
    for n in range(60):  # and the address is spraying other accounts too
        _try(Client(REMOTE_ADDR=OFFICE), f"nobody{n}@example.org", "guess")
    assert _try(Client(REMOTE_ADDR=OFFICE), person.email, PASSWORD).status_code != 302  # a new browser: no

    assert _try(browser, person.email, PASSWORD).status_code == 302 and _logged_in(browser, person)


def test_a_guesser_spread_over_many_addresses_is_stopped_but_not_the_owners_browser(person):
    browser = _browser_used_before(person, ELSEWHERE)
    for n in range(20):
        _guess(person.email, 1, address=f"192.0.2.{n + 1}")
    newcomer = Client(REMOTE_ADDR="192.0.2.200")
    assert _try(newcomer, person.email, PASSWORD).status_code != 302  # the account-wide limit holds

    assert _try(browser, person.email, PASSWORD).status_code == 302 and _logged_in(browser, person)


def test_a_browser_used_before_has_its_own_limit(person):
    browser = _browser_used_before(person)
    for n in range(5):
        _try(browser, person.email, f"typo-{n}")
    assert _try(browser, person.email, PASSWORD).status_code != 302
    assert not _logged_in(browser, person)


def test_a_browser_known_to_one_account_is_a_stranger_to_another(person):
    guesser = _browser_used_before(_verified("guesser@example.org"))  # the guesser's own account
    for n in range(5):
        _try(guesser, person.email, f"guess-{n}")
    assert _try(guesser, person.email, PASSWORD).status_code != 302


def test_a_made_up_device_cookie_counts_for_nothing(person):
    guesser = _guess(person.email, 5)
    guesser.cookies[COOKIE] = signing.dumps({"t": "made-up", "a": ["0" * 24]}, salt="another")
    assert _try(guesser, person.email, PASSWORD).status_code != 302


def test_a_password_reset_clears_the_accounts_failures(person, mailoutbox):
    for n in range(20):
        _guess(person.email, 1, address=f"192.0.2.{n + 1}")
    owner = Client(REMOTE_ADDR=ELSEWHERE)
    owner.post(reverse("account_reset_password"), {"email": person.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    form = owner.get(link, follow=True)
    new = {"password1": "Lantern-harbour-42", "password2": "Lantern-harbour-42"}
    owner.post(form.redirect_chain[-1][0], new)

    assert _try(Client(REMOTE_ADDR="192.0.2.201"), person.email, "Lantern-harbour-42").status_code == 302
