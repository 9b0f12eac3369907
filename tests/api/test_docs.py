"""docs/api.md works as written: its shell blocks, run in order with curl against a live portal, do the
whole self-assessment through the API alone."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from api import services as token_services
from assessments.models import Assessment, Report
from tests.factories import UserFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
TOOLS = ("curl", "jq", "bash")


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


@pytest.fixture
def tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {', '.join(missing)} to run the API walk-through")
    if missing:
        pytest.skip(f"the API walk-through needs {', '.join(missing)}")


def test_the_walk_through_is_all_in_shell_blocks():
    blocks = shell_blocks(DOC.read_text())
    assert len(blocks) >= 10 and all("curl" in block or "jq" in block for block in blocks)


def test_the_documented_walk_through_does_the_whole_self_assessment(tools, guideline, live_server, tmp_path):
    user = UserFactory(email="walkthrough@example.org")
    _token, secret = token_services.create_token(user=user, name="docs/api.md")
    script = "set -euo pipefail\n" + "\n".join(shell_blocks(DOC.read_text()))
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "PORTAL": live_server.url, "TOKEN": secret, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assessment = Assessment.objects.get(organisation__memberships__user=user)
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.results.exists()
    assert Report.objects.get(assessment=assessment).status == Report.Status.READY
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert '"code": "unknown_question"' in result.stdout
