"""allauth, the portal's way: e-mails in the recipient's language and under the portal's name, and the
language stored on the account applied at log-in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.languages import is_supported, language_for_email, remember_language
from portal.base_url import portal_base_url


class PortalAccountAdapter(DefaultAccountAdapter):
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
