"""Refuse, up front, input no view could store: a NUL character (PostgreSQL refuses it in text, so a
NUL in a path such as /invitations/%00/ ended in a server error). And the browser features no page uses."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.views.defaults import bad_request

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
            return bad_request(request, SuspiciousOperation("Malformed Content-Length"))
        limit = settings.VERIFY_MAX_BYTES if request.path == "/verify/" else settings.REQUEST_MAX_BYTES
        if length > limit:
            return render(request, "413.html", {"limit_mb": limit // (1024 * 1024)}, status=413)
        return self.get_response(request)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspicious = "\x00" in request.path or _has_nul(request.GET)
        if not suspicious and request.method == "POST" and request.content_type in FORM_TYPES:
            suspicious = _has_nul(request.POST)
        if suspicious:
            return bad_request(request, SuspiciousOperation("NUL character in the request"))
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
