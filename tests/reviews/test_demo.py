"""`seed_demo` gives a local portal a DPO reviewer, administrator and an auditor (with TOTP), and three
review cases, the approved one open to the auditor."""

import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.models import User
from assessments import permissions
from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_the_demo_has_dpo_staff_with_totp_and_three_review_cases(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    for email in ("reviewer@example.org", "dpo-admin@example.org", "auditor@example.org"):
        assert Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).exists()
        assert email in out.getvalue()
    assert "manage.py demo_totp" in out.getvalue()
    statuses = dict(Assessment.objects.filter(review_round__gt=0).values_list("system__name", "status"))
    assert statuses == {
        "Mortgage document summariser": Assessment.Status.SENT_FOR_REVIEW,
        "Branch staff knowledge assistant": Assessment.Status.CHANGES_REQUESTED,
        "Marketing copy drafter": Assessment.Status.APPROVED,
    }
    approved = Assessment.objects.get(system__name="Marketing copy drafter")
    assert permissions.get_audited_assessment(User.objects.get(email="auditor@example.org"), approved.pk)
    again = StringIO()
    call_command("seed_demo", stdout=again)  # a second run leaves everything as it was
    assert Assessment.objects.filter(review_round__gt=0).count() == 3

    code = StringIO()
    call_command("demo_totp", "reviewer@example.org", stdout=code)
    assert re.fullmatch(r"\d{6}\n", code.getvalue())
