"""Structured logs: every line one JSON object with the request's id, which the request's tasks log too."""

import io
import json
import logging
from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.celery import _bind_request_id, _send_request_id, _unbind_request_id
from portal.logs import JsonFormatter, RequestIdFilter, bind_request_id, request_id, reset_request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the portal's console handler would print, for the django.request logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_a_request_logs_json_with_the_id_it_sends_back(client, json_lines):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    [line] = json_lines()
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert "Not Found: /no-such-page/" in line["message"]
    assert len(response["X-Request-ID"]) == 32 and line["request_id"] == response["X-Request-ID"]


def test_an_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client):
    kept = client.get(reverse("healthz"), headers={"X-Request-ID": "edge-7f3a9c21"})
    assert kept["X-Request-ID"] == "edge-7f3a9c21"
    replaced = client.get(reverse("healthz"), headers={"X-Request-ID": "<script>x</script>"})
    assert replaced["X-Request-ID"] != "<script>x</script>" and len(replaced["X-Request-ID"]) == 32


def test_outside_a_request_there_is_no_id():
    assert request_id() is None
    record = logging.LogRecord("portal", logging.INFO, __file__, 1, "plain", None, None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] is None


def test_a_task_queued_by_a_request_logs_the_requests_id():
    headers = {}
    token = bind_request_id("abc12345def")
    try:
        _send_request_id(headers=headers)  # in the web process, as the message is published
    finally:
        reset_request_id(token)
    assert headers == {"request_id": "abc12345def"}

    # in the worker: the headers arrive on the task's request
    task = SimpleNamespace(request=SimpleNamespace(headers=headers))
    _bind_request_id(task=task)
    assert request_id() == "abc12345def"
    _unbind_request_id(task=task)
    assert request_id() is None


def test_a_task_not_queued_by_a_request_has_no_id():
    headers = {}
    _send_request_id(headers=headers)
    assert headers == {}
    task = SimpleNamespace(request=SimpleNamespace(headers=None))
    _bind_request_id(task=task)
    assert request_id() is None
    _unbind_request_id(task=task)


def test_production_logs_json_and_development_text(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["request_id"]
    assert handler["formatter"] == settings.LOG_FORMAT == "text"  # the tests run with DEBUG on
    assert settings.LOGGING["formatters"]["json"]["()"] == "portal.logs.JsonFormatter"
    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
