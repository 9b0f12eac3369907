"""Personal API tokens in `Authorization: Bearer <token>`; the browser session works as well."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.two_factor import needs_two_factor_setup
from api import services
from api.throttling import PerAddressThrottle


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as “Authorization: Bearer <token>”."))
        found = services.user_for_secret(header[1])
        if found is None:
            # Failed guesses count against the address, so that guessing runs into its rate limit too.
            throttle = PerAddressThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait())
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked."))
        # A token of someone who must use two-factor authentication and no longer does (TOTP removed,
        # or a member who became an auditor by accepting an invitation) would skip the second factor.
        if needs_two_factor_setup(found[0]):
            # imported here: api.exceptions imports rest_framework.views, which loads this module
            from api.exceptions import two_factor_required

            raise two_factor_required()
        return found

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
