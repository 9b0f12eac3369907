"""Demo accounts for a local portal (`make run`). Each issue that adds an audience adds its accounts here."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.two_factor import REQUIRED_OF


class DemoRefused(Exception):
    pass


@dataclass(frozen=True)
class DemoAccount:
    audience: str
    username: str
    email: str
    password: str
    created: bool


DEMO_ACCOUNTS = [
    # audience, username, e-mail, password, kind, staff
    ("Portal administrator", "admin", "admin@example.org", "demo-admin-portal", User.Kind.MEMBER, True),
    ("Organisation owner", "owner", "owner@example.org", "demo-owner-portal", User.Kind.MEMBER, False),
    ("Organisation editor", "editor", "editor@example.org", "demo-editor-portal", User.Kind.MEMBER, False),
    ("DPO reviewer", "reviewer", "reviewer@example.org", "demo-reviewer-portal", User.Kind.REVIEWER, False),
    (
        "DPO administrator",
        "dpo-admin",
        "dpo-admin@example.org",
        "demo-dpo-admin-portal",
        User.Kind.DPO_ADMIN,
        False,
    ),
    ("Auditor", "auditor", "auditor@example.org", "demo-auditor-portal", User.Kind.AUDITOR, False),
]


def seed_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; never touch existing ones. Refused unless DEBUG."""
    if not settings.DEBUG:
        raise DemoRefused("Demo accounts have well-known passwords: they are only created when DEBUG is on.")
    accounts = []
    with transaction.atomic():
        for audience, username, email, password, kind, staff in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "kind": kind, "is_staff": staff, "is_superuser": staff},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                # allauth logs people in by a verified e-mail address
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                if kind in REQUIRED_OF:  # they must use TOTP: `manage.py demo_totp <e-mail>` prints the code
                    TOTP.activate(user, generate_totp_secret())
            accounts.append(DemoAccount(audience, username, email, password, created))
    return accounts
