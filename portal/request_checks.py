"""Refuse, up front, input no view could store: a NUL character (PostgreSQL refuses it in text, so a
NUL in a path such as /invitations/%00/ ended in a server error). And the browser features no page uses."""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.views.defaults import bad_request

from api.exceptions import is_api, plain_problem

logger = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query) -> bool:
    return any("\x00" in key or "\x00" in value for key, values in query.lists() for value in values)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than the page can use from its Content-Length, before Django reads
    (and spools to disk) a byte of it: an anonymous 1 GB upload to /verify/ was written in full first.
    A request without Content-Length has no body for Django, so the length is all there is to check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _malformed(request, "Malformed Content-Length")
        limit = settings.VERIFY_MAX_BYTES if request.path == "/verify/" else settings.REQUEST_MAX_BYTES
        if length > limit:
            mb = limit // (1024 * 1024)
            if is_api(request):
                return plain_problem(
                    request, 413, "too-large", "Request too large", f"The body is larger than {mb} MB."
                )
            return render(request, "413.html", {"limit_mb": mb}, status=413)
        return self.get_response(request)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspicious = "\x00" in request.path or _has_nul(request.GET)
        # The pages' forms (the API parses its own bodies, and its fields refuse NUL themselves). A body
        # that cannot be parsed is left for the view to refuse in its own words.
        if (
            not suspicious
            and request.method == "POST"
            and request.content_type in FORM_TYPES
            and not is_api(request)
        ):
            try:
                suspicious = _has_nul(request.POST)
            except MultiPartParserError:
                pass
        if suspicious:
            return _malformed(request, "NUL character in the request")
        return self.get_response(request)


# No page of the portal uses these browser features; refusing them limits what injected content could do.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "interest-cohort",
    )
)  # fmt: skip


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """While PostgreSQL restarts, say so (503, with Retry-After) instead of a bare server error, and say
    that what was just sent was not saved: the transaction it was in is rolled back whole."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After, rendered without touching the database (which is what failed)."""
    if is_api(request):
        return plain_problem(
            request, 503, "unavailable", "Briefly unavailable",
            "The database did not answer; nothing of this request was saved. Try again shortly.",
            **{"Retry-After": "10"},
        )  # fmt: skip
    page = loader.get_template("503.html").render({"was_saving": request.method == "POST"})
    return HttpResponse(page, status=503, headers={"Retry-After": "10"})


def _malformed(request, why: str) -> HttpResponse:
    if is_api(request):
        return plain_problem(request, 400, "http-400", "Bad request", why + ".")
    return bad_request(request, SuspiciousOperation(why))
