"""Behind a reverse proxy the portal sees the client's address only if told how many proxies to trust:
the audit trail and allauth's rate limits then use the address the trusted proxy saw."""

import pytest
from django.test import RequestFactory

from portal.request_context import address_of

pytestmark = pytest.mark.django_db


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_a_trusted_proxy_forwarded_addresses_are_ignored():
    assert address_of(_request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "10.0.0.2"


def test_behind_one_trusted_proxy_the_address_it_saw_is_used(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # a client may send its own X-Forwarded-For: only the entry the trusted proxy appended counts
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7")
    assert address_of(request) == "203.0.113.7"


def test_a_trusted_client_header_is_used_when_configured(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert address_of(_request(HTTP_X_REAL_IP="203.0.113.8")) == "203.0.113.8"


def test_a_request_that_bypassed_the_proxies_has_no_trusted_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert address_of(_request(HTTP_X_FORWARDED_FOR="203.0.113.7")) is None
