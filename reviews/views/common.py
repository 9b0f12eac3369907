from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

from assessments.services import ServiceError
from portal import landing


def attempt(
    request: HttpRequest, action, success: str | Promise | Callable, *, part: str = "", **kwargs
) -> bool:
    """Run a service as the user; show its refusal (nothing was changed) or `success` (a message, or a
    function of what the service returned). `part`: the page part the redirect lands on, where the
    message is shown too (portal/landing.py)."""
    try:
        done = action(by=request.user, **kwargs)
    except ServiceError as exc:
        messages.error(request, str(exc), extra_tags=landing.tag(part))
        return False
    messages.success(request, success(done) if callable(success) else success, extra_tags=landing.tag(part))
    return True
