"""allauth messages whose Traditional Chinese in allauth's own catalogue is half English ("authenticator
驗證器應用程式"). Listed here so `make translations` keeps them in the portal's catalogue, which Django
reads before allauth's (LOCALE_PATHS come first). Never imported: only read by makemessages."""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = [
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Authenticator secret"),
    gettext_noop("TOTP Authenticator"),
    gettext_noop("You are about to deactivate authenticator app based authentication. Are you sure?"),
    gettext_noop("You can store this secret and use it to reinstall your authenticator app at a later time."),
]
