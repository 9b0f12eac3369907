"""A fresh database and production-like settings for the web benchmarks.

SQLite (a file, so gunicorn's workers share it) by default; with DATABASE_URL set, a throwaway
PostgreSQL database next to it (`<name>_bench`), dropped and created again on every run.
DEBUG is off, as in production: DEBUG on keeps every query in memory and changes the timings.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = Path(tempfile.gettempdir()) / f"portal-bench-{os.getuid()}-{os.getpid()}.sqlite3"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{SQLITE_FILE}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup() -> dict[str, str]:
    """Point this process at a fresh bench database, set up Django, migrate and load the guideline.
    Returns the environment a server process needs to see the same database."""
    url = bench_database_url()
    if url.startswith("postgres"):
        _recreate_postgres(url)
    else:
        SQLITE_FILE.unlink(missing_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PORTAL_BASE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "REPORTS_AUTOMATIC_LANGUAGES": "",
    }
    os.environ.update(env)
    os.environ.pop("CELERY_BROKER_URL", None)  # nothing here is queued: no message left in a broker
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from guideline_content.loader import load_guideline, shipped_version_dirs

    call_command("migrate", verbosity=0, interactive=False)
    for path in shipped_version_dirs():
        load_guideline(path=path)
    return env


def teardown() -> None:
    from django.db import connections

    connections.close_all()
    SQLITE_FILE.unlink(missing_ok=True)


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"
