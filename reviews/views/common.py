from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

from assessments.services import ServiceError


def attempt(request: HttpRequest, action, success: str | Promise | Callable, **kwargs) -> bool:
    """Run a service as the user; show its refusal (nothing was changed) or `success` (a message, or a
    function of what the service returned)."""
    try:
        done = action(by=request.user, **kwargs)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success(done) if callable(success) else success)
    return True
