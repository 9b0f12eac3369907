"""scripts/dependency-audit says plainly when no vulnerability database answers, instead of passing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def offline(tmp_path):
    """A PATH on which curl fails as it does without the network, and the project's venv."""
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "curl").write_text("#!/bin/sh\nexit 6\n")
    (stub / "curl").chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{stub}:{os.environ['PATH']}",
        "VENV": str(Path(sys.executable).parent.parent),
    }


def _run(env):
    return subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "scripts" / "dependency-audit")], env=env, capture_output=True, text=True, timeout=60
    )


def test_without_a_vulnerability_database_the_audit_says_it_did_not_run(offline):
    result = _run(offline)
    assert result.returncode == 0
    assert "Dependency audit NOT RUN" in result.stderr and "api.osv.dev" in result.stderr


def test_ci_can_require_the_audit(offline):
    result = _run({**offline, "AUDIT_REQUIRED": "1"})
    assert result.returncode == 1 and "NOT RUN" in result.stderr


def test_ci_runs_the_audit():
    assert "scripts/dependency-audit" in (ROOT / ".ci" / "run").read_text()
