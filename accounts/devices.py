"""Browsers an account has logged in from (OWASP's "device cookies"): failed log-ins from such a browser
are counted apart from everyone else's, so a guesser's failures never lock the owner out of a browser
they used before. How the limits use it: accounts/adapter.py and ACCOUNT_RATE_LIMITS in settings.

The cookie is signed (it cannot be made up or moved to another account) and names the accounts by a
digest of their e-mail address, never the address itself."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "portal_device"
SALT = "accounts.devices"
AGE = timedelta(days=365)
MAX_ACCOUNTS = 5  # a shared computer remembers the last few accounts only


def _digest(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:24]


def _read(request: HttpRequest) -> dict | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT, max_age=AGE)
    except signing.BadSignature:
        return None
    if not (isinstance(data, dict) and isinstance(data.get("t"), str) and isinstance(data.get("a"), list)):
        return None
    return data


def known_device(request: HttpRequest, login: str) -> str | None:
    """This browser's token if the account `login` has logged in from it before, else None."""
    data = _read(request)
    return data["t"] if data and _digest(login) in data["a"] else None


def remember_device(request: HttpRequest, response: HttpResponse, login: str) -> None:
    """After a complete log-in (second factor included): mark this browser as one `login` uses."""
    data = _read(request) or {"t": secrets.token_urlsafe(16), "a": []}
    digest = _digest(login)
    data["a"] = [d for d in data["a"] if d != digest][-(MAX_ACCOUNTS - 1) :] + [digest]
    response.set_cookie(
        COOKIE,
        signing.dumps(data, salt=SALT),
        max_age=int(AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
