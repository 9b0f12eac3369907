"""Production settings fail loudly, in one line naming the variable to set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "test-secret-key-for-settings-checks-only-0123456789",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "PORTAL_BASE_URL": "https://portal.example.org",
}


def start(env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    env.update({k: v for k, v in {**PRODUCTION, **env_overrides}.items() if v is not None})
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "PORTAL_BASE_URL"])
def test_production_refuses_to_start_without(missing):
    result = start({missing: None})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Configuration error: set the {missing} environment variable (required when DEBUG is off)."
    ]


def test_production_refuses_a_base_url_that_is_not_an_address():
    result = start({"PORTAL_BASE_URL": "portal.example.org"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: PORTAL_BASE_URL must start with http:// or https://: portal.example.org"
    ]


def test_production_starts_with_everything_set():
    result = start({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_development_needs_no_variable():
    result = start({"DEBUG": "true", **dict.fromkeys(PRODUCTION.keys() - {"DEBUG"})})
    assert result.returncode == 0, result.stderr


def test_the_deployment_check_warns_of_a_cache_kept_per_process(settings):
    from portal.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache(None)] == ["portal.W001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert shared_cache(None) == []


def test_postgresql_connections_and_statements_are_bounded_in_time():
    """During a restart a request must not hang: the pool, the connection and each statement time out."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="portal.settings")
    probe = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['OPTIONS']['pool']['timeout'], d['OPTIONS']['connect_timeout'], d['OPTIONS']['options'], "
        "d['CONN_HEALTH_CHECKS'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.split() == ["5.0", "3", "-c", "statement_timeout=15000", "True"], done.stderr
