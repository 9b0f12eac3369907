import shutil
from pathlib import Path

import pytest

from guideline_content.loader import load_guideline, shipped_version_dirs

FIXTURES = Path(__file__).parent / "fixtures"


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
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "portal.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }


@pytest.fixture
def mini_dir(tmp_path) -> Path:
    """A writable copy of the small valid version in tests/fixtures/mini-2025."""
    target = tmp_path / "mini-2025"
    shutil.copytree(FIXTURES / "mini-2025", target)
    return target
