"""Sessions follow privileges: a new key when the signed-in user's privileges change, the end of other
sessions when the password or the second factor changes, and allauth's own two-factor flows."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments.models import Assessment, Invitation, Membership
from assessments.services import grants as grant_services
from tests.assessments.helpers import start
from tests.conftest import with_totp
from tests.factories import MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _signed_in(user) -> Client:
    """A browser that logged in with the password, as a person does (not force_login)."""
    if not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and browser.session["_auth_user_id"] == str(user.pk)
    return browser


def _is_signed_in(browser: Client, user) -> bool:
    # the dashboard sends an anonymous visitor to the login page; Django flushes a session whose hash is stale
    browser.get(reverse("home"))
    return browser.session.get("_auth_user_id") == str(user.pk)


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _turn_on_totp(browser: Client) -> None:
    browser.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert browser.get(reverse("mfa_activate_totp")).status_code == 200
    secret = browser.session[SECRET_SESSION_KEY]
    response = browser.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one_under_a_new_key():
    user = UserFactory()
    here, elsewhere = _signed_in(user), _signed_in(user)
    old_key = here.session.session_key

    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Lantern-harbour-42", "password2": "Lantern-harbour-42"},
    )

    assert response.status_code == 302
    assert here.session.session_key != old_key
    assert _is_signed_in(here, user)
    assert not _is_signed_in(elsewhere, user)


def test_a_password_reset_ends_every_session(mailoutbox):
    user = UserFactory()
    elsewhere = _signed_in(user)
    Client().post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    visitor = Client()
    form = visitor.get(link, follow=True)
    visitor.post(
        form.redirect_chain[-1][0], {"password1": "Lantern-harbour-42", "password2": "Lantern-harbour-42"}
    )

    user.refresh_from_db()
    assert user.check_password("Lantern-harbour-42")
    assert not _is_signed_in(elsewhere, user)


@pytest.mark.django_db(transaction=True)  # allauth reports the new authenticator once its transaction commits
def test_turning_on_two_factor_ends_the_other_sessions_and_renews_this_key():
    user = UserFactory()
    here, elsewhere = _signed_in(user), _signed_in(user)
    old_key = here.session.session_key

    _turn_on_totp(here)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert here.session.session_key != old_key
    assert _is_signed_in(here, user)
    assert not _is_signed_in(elsewhere, user)  # it was never asked for the second factor


def test_turning_off_two_factor_ends_the_other_sessions_and_renews_this_key():
    user = with_totp(UserFactory())
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.force_login(user)
    here.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    old_key = here.session.session_key

    response = here.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()  # with its recovery codes
    assert here.session.session_key != old_key
    assert _is_signed_in(here, user)
    assert not _is_signed_in(elsewhere, user)


def test_turning_on_totp_makes_recovery_codes_and_one_of_them_logs_in():
    user = UserFactory()
    _turn_on_totp(_signed_in(user))
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    [first, *_rest] = RecoveryCodes(codes).get_unused_codes()

    browser = Client()
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")  # the password alone is not enough
    assert "_auth_user_id" not in browser.session
    browser.post(reverse("mfa_authenticate"), {"code": first})

    assert browser.session["_auth_user_id"] == str(user.pk)
    assert first not in RecoveryCodes(Authenticator.objects.get(pk=codes.pk)).get_unused_codes()  # once


def test_accepting_an_auditor_grant_renews_the_key_and_ends_sessions_opened_as_a_member(system, owner):
    assessment = start(system, owner)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    grant = grant_services.grant_access(
        organisation=system.organisation,
        email="auditor@audit.example",
        by=owner,
        assessment=Assessment.objects.get(pk=assessment.pk),
    )
    person = with_totp(UserFactory(email="auditor@audit.example"))
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.force_login(person)
    old_key = here.session.session_key

    response = here.post(reverse("audits:accept", args=[grant.token]))

    assert response["Location"] == reverse("audits:grants")
    person.refresh_from_db()
    assert person.kind == User.Kind.AUDITOR
    assert here.session.session_key != old_key
    assert _is_signed_in(here, person)
    assert not _is_signed_in(elsewhere, person)


def test_joining_an_organisation_renews_the_session_key(organisation, owner):
    person = UserFactory(email="new@example.org")
    invitation = Invitation.objects.create(
        organisation=organisation, email=person.email, role=Membership.Role.OWNER, invited_by=owner
    )
    browser = Client()
    browser.force_login(person)
    old_key = browser.session.session_key

    response = browser.post(reverse("assessments:accept_invitation", args=[invitation.token]))

    assert response["Location"] == reverse("assessments:organisation_detail", args=[organisation.pk])
    assert browser.session.session_key != old_key
    assert _is_signed_in(browser, person)


def test_changing_ones_own_role_renews_the_session_key(organisation, owner):
    MembershipFactory(organisation=organisation, role=Membership.Role.OWNER)  # someone keeps the organisation
    browser = Client()
    browser.force_login(owner)
    old_key = browser.session.session_key
    mine = owner.memberships.get(organisation=organisation)

    browser.post(
        reverse("assessments:member_role", args=[organisation.pk, mine.pk]), {"role": Membership.Role.EDITOR}
    )

    assert Membership.objects.get(pk=mine.pk).role == Membership.Role.EDITOR
    assert browser.session.session_key != old_key
    assert _is_signed_in(browser, owner)


def test_a_kind_changed_in_the_admin_ends_that_persons_sessions():
    person = UserFactory()
    theirs = Client()
    theirs.force_login(person)
    admin = StaffFactory()
    browser = Client()
    browser.force_login(admin)
    form = {
        "username": person.username,
        "email": person.email,
        "kind": User.Kind.REVIEWER,
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
    }

    response = browser.post(reverse("admin:accounts_user_change", args=[person.pk]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=person.pk).kind == User.Kind.REVIEWER
    assert not _is_signed_in(theirs, person)  # they log in again, and then set up two-factor authentication
    assert _is_signed_in(browser, admin)


def test_an_administrator_editing_their_own_account_stays_signed_in_under_a_new_key():
    admin = StaffFactory()
    browser = Client()
    browser.force_login(admin)
    old_key = browser.session.session_key
    form = {
        "username": admin.username,
        "email": admin.email,
        "kind": User.Kind.MEMBER,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
    }

    response = browser.post(reverse("admin:accounts_user_change", args=[admin.pk]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not User.objects.get(pk=admin.pk).is_superuser
    assert browser.session.session_key != old_key
    assert _is_signed_in(browser, admin)


def test_a_session_opened_before_the_sign_in_generation_changed_no_longer_works(client):
    """The session hash covers the generation: a session key copied elsewhere earlier is useless."""
    user = UserFactory()
    client.force_login(user)
    stolen = client.cookies["sessionid"].value
    User.objects.filter(pk=user.pk).update(session_generation=1)

    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert not _is_signed_in(thief, user)
