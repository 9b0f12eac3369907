"""The portal's public address, for links that leave the browser: invitation e-mails and issued PDFs.

Production sets PORTAL_BASE_URL (settings refuse to start without it). In development it may be left
unset: the address the portal is actually served at is remembered from the requests it answers, so
`make run PORT=8101` prints links to port 8101, not to a guessed 8000.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost

DEVELOPMENT_FALLBACK = "http://127.0.0.1:8000"
_served = {"origin": ""}


def portal_base_url() -> str:
    """The absolute origin (no trailing slash) links in e-mails and reports start with."""
    return settings.PORTAL_BASE_URL or _served["origin"] or DEVELOPMENT_FALLBACK


class RememberServedAddressMiddleware:
    """Development only (DEBUG on, PORTAL_BASE_URL unset): remember the origin of the latest request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # get_host() validates against ALLOWED_HOSTS, so a forged Host header is never remembered (and
        # CommonMiddleware answers it with the 400 page).
        try:
            _served["origin"] = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            pass
        return self.get_response(request)
