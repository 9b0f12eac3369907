"""Refuse, up front, input no view could store: a NUL character (PostgreSQL refuses it in text, so a
NUL in a path such as /invitations/%00/ ended in a server error). And the browser features no page uses."""

from django.core.exceptions import SuspiciousOperation
from django.views.defaults import bad_request

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query) -> bool:
    return any("\x00" in key or "\x00" in value for key, values in query.lists() for value in values)


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
