"""Reachability of the services the portal depends on, for /healthz."""

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return CheckResult(False, f"database unreachable: {exc.__class__.__name__}")
    return CheckResult(True, f"ok ({connection.vendor})")


def check_broker() -> CheckResult:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return CheckResult(True, "ok (tasks run in-process)")
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - kombu raises many transport-specific errors
        return CheckResult(False, f"broker unreachable: {exc.__class__.__name__}")
    return CheckResult(True, "ok")


def run_checks() -> dict[str, CheckResult]:
    return {"database": check_database(), "broker": check_broker()}
