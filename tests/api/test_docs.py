"""docs/api.md works as written: its shell blocks, run in order with curl against a live portal, do the
whole self-assessment through the API alone, then the DPO's review and an auditor's reading of it, each
with their own token."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from accounts.models import User
from api import services as token_services
from assessments.models import Assessment, AuditEvent, AuditorGrant, Report
from tests.conftest import with_totp
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
    reviewer = with_totp(UserFactory(email="reviewer@dpo.example", kind=User.Kind.REVIEWER))
    auditor = with_totp(UserFactory(email="auditor@audit.example", kind=User.Kind.AUDITOR))
    tokens = {
        "REVIEWER_TOKEN": token_services.create_token(user=reviewer, name="docs/api.md")[1],
        "AUDITOR_TOKEN": token_services.create_token(user=auditor, name="docs/api.md")[1],
        "AUDITOR_EMAIL": auditor.email,
    }
    script = "set -euo pipefail\n" + "\n".join(shell_blocks(DOC.read_text()))
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env={
            "PATH": os.environ["PATH"],
            "PORTAL": live_server.url,
            "TOKEN": secret,
            "HOME": str(tmp_path),
            **tokens,
        },  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assessment = Assessment.objects.get(organisation__memberships__user=user)
    # submitted, sent, returned for changes, resubmitted and approved by the DPO reviewer
    assert assessment.status == Assessment.Status.APPROVED and assessment.reviewer == reviewer
    assert assessment.review_round == 2 and assessment.results.filter(revision=assessment.revision).exists()
    assert assessment.review_comments.filter(parent__isnull=False, author=user).exists()
    assert not assessment.review_comments.filter(resolved_at__isnull=True, parent=None).exists()
    assert Report.objects.filter(assessment=assessment, status=Report.Status.READY).count() == 3
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert '"code": "unknown_question"' in result.stdout
    # the auditor read it, downloaded the package and the evidence, and lost the access when revoked
    assert (tmp_path / "audited-package.zip").read_bytes().startswith(b"PK")
    assert (tmp_path / "evidence.pdf").read_bytes().startswith(b"%PDF")
    grant = AuditorGrant.objects.get(assessment=assessment)
    assert grant.auditor == auditor and grant.revoked_at is not None
    downloaded = assessment.events.filter(actor=auditor).values_list("action", flat=True)
    assert set(downloaded) == {AuditEvent.Action.PACKAGE_DOWNLOADED, AuditEvent.Action.EVIDENCE_DOWNLOADED}
