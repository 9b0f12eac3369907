"""The DPO dashboard in the browser, in both languages: charts and tables, no serious axe problem."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect

from accounts.models import User
from guideline_content.models import Obligation
from tests.e2e.test_accessibility import violations
from tests.e2e.test_review_journey import log_in, verified
from tests.factories import UserFactory
from tests.reviews.scorelines import VERSION, scored

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_reads_well_in_english_and_chinese(page: Page, live_server, guideline, settings):
    settings.DPO_DASHBOARD_CACHE_SECONDS = 0
    gap = Obligation.objects.filter(version__code=VERSION).values_list("code", flat=True).first()
    for n, status in enumerate(["sent_for_review", "in_review", "approved", "rejected"]):
        scored(status=status, dimensions={"privacy": 20 * n, "ip": 50}, gaps=(gap,), sent_days_ago=n + 1,
               decided_after_days=1 if status in ("approved", "rejected") else None)  # fmt: skip
    secret = generate_totp_secret()
    admin = verified(UserFactory(kind=User.Kind.DPO_ADMIN, email="admin@dpo.example"))
    TOTP.activate(admin, secret)
    log_in(page, live_server, admin, totp_secret=secret)
    page.get_by_role("link", name="DPO dashboard").click()
    expect(page.get_by_role("heading", name="DPO dashboard", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Scores by governance dimension", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Recommendations most often found as gaps")).to_be_visible()
    assert violations(page, page.url) == []
    assert violations(page, f"{live_server.url}/dpo/dashboard/?sector=nonsense") == []
    page.goto(f"{live_server.url}/dpo/dashboard/")
    page.get_by_role("button", name="繁體中文").click()
    expect(page.get_by_role("heading", name="數字政策辦公室概覽", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="最常出現差距的建議")).to_be_visible()
    assert violations(page, page.url) == []
