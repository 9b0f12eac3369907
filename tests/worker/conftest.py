"""Real Celery worker processes against Redis and the PostgreSQL test database.

They need CELERY_BROKER_URL and a PostgreSQL DATABASE_URL (a worker cannot see an in-memory SQLite
test database). Elsewhere they are skipped and say why, unless REQUIRE_WORKER=1 is set, as CI does
for its PostgreSQL run: then they must run.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    database_url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("CELERY_BROKER_URL") and database_url.startswith("postgres"):
        return
    reason = "real-worker tests need CELERY_BROKER_URL and a PostgreSQL DATABASE_URL (see .ci/run)"
    if os.environ.get("REQUIRE_WORKER") == "1":
        raise pytest.UsageError(f"REQUIRE_WORKER=1 but {reason}")
    for item in items:
        if "tests/worker/" in item.nodeid:
            item.add_marker(pytest.mark.skip(reason=reason))


class Worker:
    """One `celery worker` process group, started and stopped by the test."""

    def __init__(self, app: str, log: Path, extra_env: dict[str, str]):
        db = connection.settings_dict
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            # files go where this test process reads them (tests/conftest.py points them at tmp_path)
            "EVIDENCE_ROOT": settings.STORAGES["evidence"]["OPTIONS"]["location"],
            "REPORTS_ROOT": settings.STORAGES["reports"]["OPTIONS"]["location"],
            # a task held by a killed worker comes back after about 15 s instead of an hour
            "CELERY_VISIBILITY_TIMEOUT": "15",
            "CELERY_UNACKED_RESTORE_INTERVAL": "2",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            **extra_env,
        }
        self.log = log
        self.output = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--queues=celery,reports",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_for("ready.", timeout=60)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited:\n{self.log.read_text(errors='replace')}")
            time.sleep(0.2)
        raise AssertionError(f"worker never printed {text!r}:\n{self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        """SIGKILL the whole group: no warm shutdown, no chance to hand the task back."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.output.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


def forget_connections(app) -> None:
    """Make Celery build new connection pools, for the broker URL configured now."""
    app._pool = None
    app.amqp._producer_pool = None


def point_broker_at(monkeypatch, app, url: str) -> None:
    """Send tasks to `url` from this process. Celery prefers the CELERY_BROKER_URL environment
    variable to its configuration, so both are set."""
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setitem(app.conf, "broker_url", url)
    forget_connections(app)


@pytest.fixture
def broker(monkeypatch):
    """This process sends to the real broker, whose database (the tests' own) starts empty, so no
    message of an earlier run is delivered."""
    from portal.celery import app

    url = os.environ["CELERY_BROKER_URL"]
    redis.Redis.from_url(url).flushdb()
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    point_broker_at(monkeypatch, app, url)
    yield url
    forget_connections(app)


@pytest.fixture
def start_worker(broker, tmp_path):
    workers = []

    def start(app: str = "portal", **extra_env: str) -> Worker:
        worker = Worker(app, tmp_path / f"worker-{len(workers)}.log", extra_env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
