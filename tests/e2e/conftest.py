"""Browser tests drive Debian's Chromium through Playwright against pytest-django's live server.

Without /usr/bin/chromium they are skipped (the reason shows in the summary), unless
REQUIRE_BROWSER=1 is set, as CI does: then a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The live server runs in a thread while Playwright's sync API holds an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # The live server's tests flush the database, guideline content included; pytest's grouping of the
    # browser's session parameter can move them amid ordinary tests, which then find no content.
    items.sort(key=lambda item: "/e2e/" in item.nodeid.replace("\\", "/"))
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}: apt-get install chromium")
    skip = pytest.mark.skip(reason="browser tests need Debian's chromium (apt-get install chromium)")
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the portal's Content-Security-Policy rightly refuses;
    # tests/e2e/test_content_security.py checks the policy with it on.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def draft_and_submitted(guideline, system, owner):
    """The owner (with a verified address, to log in) and two assessments of `system`: a fully answered
    provider draft, and a submitted user assessment, scored in-process on commit."""
    from allauth.account.models import EmailAddress

    from assessments.services import assessments as services
    from tests.assessments.helpers import answer_all, start

    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    draft = start(system, owner)
    answer_all(draft, owner)
    submitted = start(system, owner, role="user")
    answer_all(submitted, owner)
    services.submit_assessment(assessment=submitted, by=owner)
    return draft, submitted
