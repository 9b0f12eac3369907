"""Structured logs: one JSON object a line, each with the id of the request it belongs to, and the same id
in the logs of the tasks that request queued (portal/celery.py passes it in the task's headers)."""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
HEADER = "X-Request-ID"
# An id set by the proxy in front is kept (its logs then match ours), if it looks like one.
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id() -> str | None:
    """The id of the current request, or of the request that queued the current task; None elsewhere."""
    return _request_id.get()


def bind_request_id(value: str | None):
    """Make `value` the current id; returns the token to reset it with."""
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdMiddleware:
    """First in the chain, so that everything logged while a request is handled carries its id. The id
    stays bound until the response is finished: Django logs a 4xx/5xx response ("Not Found: …") after
    the last middleware has returned."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        value = given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        request.request_id = value
        bind_request_id(value)
        response = self.get_response(request)
        response[HEADER] = value
        return response


def _forget_request_id(**kwargs) -> None:
    bind_request_id(None)  # a thread's next request binds its own; nothing logged between has one


request_finished.connect(_forget_request_id, dispatch_uid="portal.logs.forget_request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
