from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # allauth's own hooks for its two-factor flows (our code defines no signals of its own)
        from allauth.mfa import signals

        from accounts.sessions import on_authenticator_changed

        signals.authenticator_added.connect(on_authenticator_changed, dispatch_uid="accounts-2fa-added")
        signals.authenticator_removed.connect(on_authenticator_changed, dispatch_uid="accounts-2fa-removed")
