"""Two-factor authentication is required of DPO staff and auditors: until they have set up TOTP,
every page but the set-up itself (allauth's MFA pages), logging out, the language switch and the
health probe sends them to set it up."""

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from accounts.models import User

REQUIRED_OF = {User.Kind.REVIEWER, User.Kind.DPO_ADMIN, User.Kind.AUDITOR}
# Named views they may reach before the set-up; every allauth MFA view is also allowed ("mfa_…").
ALLOWED_VIEWS = {"account_logout", "account_reauthenticate", "set_language", "healthz"}


def needs_two_factor_setup(user) -> bool:
    return (
        user.is_authenticated
        and user.kind in REQUIRED_OF
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


def _allowed(path: str) -> bool:
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return True  # a 404 page reveals nothing
    return name in ALLOWED_VIEWS or name.startswith("mfa_")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_two_factor_setup(request.user) and not _allowed(request.path_info):
            # imported here: api.exceptions needs rest_framework, whose settings load api.authentication
            from api.exceptions import TWO_FACTOR_DETAIL, TWO_FACTOR_TITLE, is_api, plain_problem

            if is_api(request):  # an API client cannot follow a redirect to a set-up page
                title, detail = str(TWO_FACTOR_TITLE), str(TWO_FACTOR_DETAIL)
                return plain_problem(request, 403, "two-factor-required", title, detail)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
