"""gunicorn.conf.py: what the Dockerfile and compose run the web service with."""

import gc
import os
import runpy
from pathlib import Path

import pytest

from guideline_content import published

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"


def load_config(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_processes_follow_the_cpu_count_with_threads_for_waiting(monkeypatch):
    config = load_config(monkeypatch)
    assert config["workers"] == os.cpu_count()
    assert config["threads"] == 4 and config["worker_class"] == "gthread"
    assert config["preload_app"] is True


def test_counts_can_be_set_and_an_empty_variable_means_the_default(monkeypatch):
    assert load_config(monkeypatch, WEB_CONCURRENCY="5", WEB_THREADS="2")["workers"] == 5
    assert load_config(monkeypatch, WEB_CONCURRENCY="", WEB_THREADS="")["workers"] == os.cpu_count()


@pytest.mark.django_db
def test_the_master_keeps_the_content_and_freezes_what_it_loaded(monkeypatch):
    from django.db import connections

    config = load_config(monkeypatch)
    # the master closes its connections before forking; the test's own must stay open
    monkeypatch.setattr(connections, "all", lambda **kwargs: [])
    published.clear()
    try:
        config["when_ready"](server=None)
        assert gc.get_freeze_count() > 0
        assert published.warm() == len(published._roles) > 0  # nothing left to read
    finally:
        gc.unfreeze()


def test_the_image_and_compose_start_the_web_service_with_this_file():
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert '["gunicorn", "portal.wsgi:application", "--config", "gunicorn.conf.py"]' in compose


def test_a_web_worker_does_not_load_the_pdf_spreadsheet_or_chart_libraries():
    import subprocess
    import sys

    script = (
        "import django, sys; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; "
        "heavy = ('weasyprint', 'matplotlib', 'openpyxl', 'fontTools', 'PIL'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "true"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
