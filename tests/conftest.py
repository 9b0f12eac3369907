import shutil
from pathlib import Path

import pytest

from assessments.models import Membership
from guideline_content import published
from guideline_content.loader import load_guideline, shipped_version_dirs
from tests.factories import AISystemFactory, MembershipFactory, OrganisationFactory, UserFactory

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-django runs the tests outside a transaction (live server, real worker) last, because their
    flush empties the tables the others read; pytest then regroups tests by parametrized fixtures (the
    browser) and can undo that. Put them last again, keeping every other order."""

    def outside_transaction(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = item.fixturenames
        return bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(fixtures)
        )

    items.sort(key=outside_transaction)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every shipped guideline version is loaded once, as `make run` does."""
    with django_db_blocker.unblock():
        for path in shipped_version_dirs():
            load_guideline(path=path)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process unless a test asks for the real worker (CI sets a real broker for those).
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Rendering PDFs takes seconds: only the tests about reports ask for them.
    settings.REPORTS_AUTOMATIC_LANGUAGES = []
    # Cached dashboard and benchmark figures would outlive the test that made their data.
    settings.DPO_DASHBOARD_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
        "reports": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "reports")},
        },
    }


@pytest.fixture
def published_content(db):
    """The published guideline content kept in memory, as a server has it after start-up: query
    counts then measure a page's own queries, whatever ran before."""
    published.warm()


@pytest.fixture
def mini_dir(tmp_path) -> Path:
    """A writable copy of the small valid version in tests/fixtures/mini-2025."""
    target = tmp_path / "mini-2025"
    shutil.copytree(FIXTURES / "mini-2025", target)
    return target


@pytest.fixture
def guideline(transactional_db):
    """Tests outside the test transaction (live server, real workers) see only committed rows, and
    their flush empties the tables: load the shipped content for them (a no-op when it is there)."""
    for path in shipped_version_dirs():
        load_guideline(path=path)


# An organisation with one member per role, an outsider from another organisation, and one AI system.


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Harbour Bank Limited")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


@pytest.fixture
def editor(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user


@pytest.fixture
def viewer(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.VIEWER).user


@pytest.fixture
def outsider(db):
    """An owner of another organisation: a real user of the portal who must not see `organisation`."""
    return MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.OWNER).user


def with_totp(user):
    """The portal requires TOTP of DPO staff and auditors: without it every page sends them to set it up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def reviewer(db):
    return with_totp(UserFactory(kind="reviewer", email="reviewer@dpo.example"))


@pytest.fixture
def dpo_admin(db):
    return with_totp(UserFactory(kind="dpo_admin", email="admin@dpo.example"))


def _auditor(email: str):
    return with_totp(UserFactory(kind="auditor", email=email))


@pytest.fixture
def auditor(db):
    return _auditor("auditor@audit.example")


@pytest.fixture
def auditor_expired(db):
    return _auditor("expired@audit.example")


@pytest.fixture
def auditor_revoked(db):
    return _auditor("revoked@audit.example")


@pytest.fixture
def auditor_other(db):
    """An auditor whose grant covers another assessment of the same organisation."""
    return _auditor("other@audit.example")


@pytest.fixture
def system(organisation):
    return AISystemFactory(organisation=organisation, name="Enquiry Assistant")


# Shared by the review, audit and API tests (a directory may still define its own `submitted`).
@pytest.fixture
def second_reviewer(db):
    from accounts.models import User

    return with_totp(UserFactory(kind=User.Kind.REVIEWER, email="second@dpo.example"))


@pytest.fixture
def submitted(system, owner, django_capture_on_commit_callbacks):
    """A complete assessment, submitted and scored, not sent to the DPO."""
    from assessments.services import assessments as services
    from tests.assessments.helpers import answer_all, start

    assessment = start(system, owner)
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment
