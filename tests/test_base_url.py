"""Links leaving the browser (e-mails, PDFs) use the configured address, in development the served one."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal import base_url


@pytest.fixture(autouse=True)
def _forget_served_address(monkeypatch):
    monkeypatch.setitem(base_url._served, "origin", "")


def _serve(host: str) -> None:
    middleware = base_url.RememberServedAddressMiddleware(lambda request: HttpResponse())
    middleware(RequestFactory().get("/", HTTP_HOST=host))


def test_configured_address_wins_over_the_served_one(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    _serve("127.0.0.1:8101")
    assert base_url.portal_base_url() == "https://portal.example.org"


def test_development_uses_the_address_actually_served(settings):
    settings.PORTAL_BASE_URL = ""
    _serve("127.0.0.1:8101")
    assert base_url.portal_base_url() == "http://127.0.0.1:8101"


def test_development_before_any_request_falls_back_to_the_default_port(settings):
    settings.PORTAL_BASE_URL = ""
    assert base_url.portal_base_url() == "http://127.0.0.1:8000"
