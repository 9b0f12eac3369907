"""What services may know about the request that called them, without taking the request as an argument."""

from contextvars import ContextVar

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def client_ip() -> str | None:
    """The address of the client of the current request; None outside a request (workers, commands)."""
    return _client_ip.get()


def address_of(request) -> str | None:
    """The client's address as allauth's rate limits see it: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT
    proxies the address the outermost trusted one saw (X-Forwarded-For), or TRUSTED_CLIENT_IP_HEADER."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):  # no address, or fewer proxies than configured
        return None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(address_of(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
