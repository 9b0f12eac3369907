"""DPO staff and auditors must set up TOTP before using the portal; members are not asked."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.conftest import with_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SETUP = reverse("mfa_activate_totp")


@pytest.mark.parametrize("kind", [User.Kind.REVIEWER, User.Kind.DPO_ADMIN, User.Kind.AUDITOR])
@pytest.mark.parametrize(
    "page", ["assessments:dashboard", "reviews:queue", "account_email", "guideline:index"]
)
def test_staff_and_auditors_without_totp_are_sent_to_set_it_up(client, kind, page):
    client.force_login(UserFactory(kind=kind))
    response = client.get(reverse(page))
    assert response.status_code == 302 and response.url == SETUP


@pytest.mark.parametrize("kind", [User.Kind.REVIEWER, User.Kind.AUDITOR])
def test_the_set_up_pages_log_out_and_health_stay_reachable(client, kind):
    client.force_login(UserFactory(kind=kind))
    setup = client.get(SETUP)
    assert setup.status_code in (200, 302) and setup.get("Location") != SETUP
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_with_totp_they_use_the_portal(client):
    client.force_login(with_totp(UserFactory(kind=User.Kind.REVIEWER)))
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_organisation_members_are_not_asked(client, owner):
    client.force_login(owner)
    assert client.get(reverse("assessments:dashboard")).status_code == 200


def test_a_refused_post_changes_nothing(client, sent):
    client.force_login(UserFactory(kind=User.Kind.REVIEWER))
    response = client.post(reverse("reviews:take", args=[sent.pk]))
    assert response.url == SETUP
    sent.refresh_from_db()
    assert sent.reviewer is None
