"""Rate limits counted in the configured cache: per token (or session user) and per client address."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # DRF binds the rates when it is imported; read them per request so that settings apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class PerTokenThrottle(SettingsRateThrottle):
    """Each token has its own budget; a browser session counts against its user."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddressThrottle(SettingsRateThrottle):
    """Every request from an address, authenticated or not (guessing tokens included)."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
