from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

from assessments.services import ServiceError


def attempt(request: HttpRequest, action, success: str | Promise, **kwargs) -> bool:
    """Run a review service as the user; show its refusal (nothing was changed) or `success`."""
    try:
        action(by=request.user, **kwargs)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True
