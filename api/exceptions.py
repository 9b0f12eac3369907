"""Every error of the API is one RFC 9457 problem document (`application/problem+json`):

    {"type": "...", "title": "...", "status": 400, "detail": "...", "instance": "/api/v1/...",
     "errors": [{"pointer": "#/name", "code": "blank", "detail": "..."}]}

`errors` lists each rejected field or item (validation, bulk upserts); other members are added by
the problems that need them (`current` for a stale answer).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from assessments.services import ServiceError

PROBLEM_CONTENT_TYPE = "application/problem+json"
BASE = "tag:genai-guideline-portal,2026:problem:"  # a tag URI (RFC 4151): an identifier, not a link


class Problem(exceptions.APIException):
    """An error with its own problem type and extra members."""

    def __init__(self, status_code: int, kind: str, title: str, detail: str, **members):
        self.status_code, self.kind, self.title, self.members = status_code, kind, title, members
        super().__init__(detail)


TWO_FACTOR_TITLE = _("Two-factor authentication required")
TWO_FACTOR_DETAIL = _(
    "Set up two-factor authentication on your account first: DPO staff and auditors need it."
)


def two_factor_required() -> Problem:
    return Problem(403, "two-factor-required", TWO_FACTOR_TITLE, str(TWO_FACTOR_DETAIL))


def _pointers(detail, path="#") -> list[dict]:
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in _pointers(value, f"{path}/{key}")]
    if isinstance(detail, list) and detail and not all(isinstance(d, exceptions.ErrorDetail) for d in detail):
        return [e for i, value in enumerate(detail) for e in _pointers(value, f"{path}/{i}")]
    items = detail if isinstance(detail, list) else [detail]
    pointer = "#" if path in ("#", "#/non_field_errors") else path
    return [{"pointer": pointer, "code": getattr(d, "code", "invalid"), "detail": str(d)} for d in items]


def _kind_and_title(exc) -> tuple[str, str]:
    if isinstance(exc, Problem):
        return exc.kind, str(exc.title)
    if isinstance(exc, exceptions.ValidationError):
        return "validation-error", str(_("The request is not valid."))
    if isinstance(exc, ServiceError):
        return "rule-refused", str(_("The portal's rules refuse this request."))
    return "http-" + str(exc.status_code), str(_HTTP_TITLES.get(exc.status_code, _("Error")))


_HTTP_TITLES = {
    400: _("Bad request"),
    401: _("Not authenticated"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
}


def problem_response(request, exc, status_code: int, headers=None) -> Response:
    kind, title = _kind_and_title(exc)
    body = {
        "type": BASE + kind,
        "title": title,
        "status": status_code,
        "detail": str(exc.detail if isinstance(exc, exceptions.APIException) else exc),
        "instance": request.path if request is not None else "",
    }
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = str(_("Some fields are not valid: see errors."))
        body["errors"] = _pointers(exc.detail)
    if isinstance(exc, Problem):
        body.update(exc.members)
    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def exception_handler(exc, context):
    """DRF's handler (status codes, Retry-After, WWW-Authenticate), then the body as a problem."""
    request = context.get("request")
    if isinstance(exc, ServiceError):
        return problem_response(request, exc, status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging
    headers = {k: v for k, v in response.headers.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")}
    return problem_response(request, exc, response.status_code, headers)


def plain_problem(request, status_code: int, kind: str, title: str, detail: str, **headers) -> JsonResponse:
    """The same problem document, for refusals made before DRF is reached (the portal's middleware)."""
    body = {
        "type": BASE + kind,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": request.path,
    }
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers or None)


def is_api(request) -> bool:
    return request.path.startswith("/api/")
