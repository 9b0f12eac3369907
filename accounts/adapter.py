"""allauth, the portal's way: e-mails in the recipient's language and under the portal's name, and the
language stored on the account applied at log-in."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.devices import known_device, remember_device
from accounts.languages import is_supported, language_for_email, remember_language
from portal.base_url import portal_base_url


def _login(credentials) -> str:
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


class PortalAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": gettext_lazy(
            "Too many failed log-in attempts. Try again in a few minutes, from a browser you have "
            "logged in with before, or reset your password."
        ),
    }

    def _failed_login_limits(self, request, login: str) -> list[tuple[str, str]]:
        """(action, key) pairs a failed password counts against (ACCOUNT_RATE_LIMITS says why)."""
        device = known_device(request, login)
        if device:
            return [("login_failed_device", f"{login}:{device}")]
        address = ratelimit.get_ip(request)
        return [("login_failed", f"{login}:{address}"), ("login_failed_account", login)]

    def pre_authenticate(self, request, **credentials):
        """allauth's check before a password is tried, with the portal's keys. A correct password
        takes its attempt back (allauth rolls back `_login_failed_rl_usage`)."""
        taken = []
        for action, key in self._failed_login_limits(request, _login(credentials)):
            usage = ratelimit.consume(request, app="allauth.account", action=action, key=key)
            if usage is None:
                for earlier in taken:
                    earlier.rollback()
                raise self.validation_error("too_many_login_attempts")
            taken.append(usage)
        self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=[u for t in taken for u in t.usage])

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # after a password reset (which proves the mailbox): the account's failures are forgotten
        login = _login(credentials)
        for action, key in [*self._failed_login_limits(request, login), ("login_failed_account", login)]:
            ratelimit.clear(request, app="allauth.account", action=action, key=key)

    def send_mail(self, template_prefix, email, context):
        language = language_for_email(email, fallback=translation.get_language())
        context = {**context, "portal_url": portal_base_url()}
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return _("%(portal)s: %(subject)s") % {"portal": _("GenAI Guideline Portal"), "subject": subject}

    def post_login(self, request, user, **kwargs):
        """Read the site in the account's language from now on; an account that never chose one
        keeps the language the visitor was reading in before logging in."""
        response = super().post_login(request, user, **kwargs)
        if user.email:
            remember_device(request, response, user.email)
        current = translation.get_language()
        if not user.language and is_supported(current):
            remember_language(user=user, language=current)
        if user.language:
            translation.activate(user.language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
