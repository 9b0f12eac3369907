"""Personal API tokens in `Authorization: Bearer <token>`; the browser session works as well."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

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
        return found

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
