from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Organisation member")
        REVIEWER = "reviewer", _("DPO reviewer")
        # A reviewer who also assigns work and manages reviewers and auditor grants.
        DPO_ADMIN = "dpo_admin", _("DPO administrator")
        AUDITOR = "auditor", _("Auditor")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MEMBER)
    # The language the user last chose; e-mails and reports made for them use it. Blank until they choose.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    # Counts changes to how the account signs in (two-factor authentication turned on or off); it is part
    # of the session hash, so raising it ends every session but the one that made the change
    # (accounts/sessions.py).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    @property
    def is_dpo_staff(self) -> bool:
        return self.kind in (self.Kind.REVIEWER, self.Kind.DPO_ADMIN)

    @property
    def preferred_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE

    # Django ends a user's sessions when this hash changes (it checks it on every request); by default it
    # covers the password alone. Here it also covers what the account may do and how it signs in, so a
    # session opened before the account became DPO staff, an auditor or an administrator, or before
    # two-factor authentication was turned on or off, no longer works. The request that made the change
    # keeps its session under a new key (accounts.sessions.privileges_changed).
    def _session_hash(self, secret=None) -> str:
        covered = (self.password, self.kind, self.is_staff, self.is_superuser, self.session_generation)
        verifier = "|".join(str(value) for value in covered)
        return salted_hmac(
            "accounts.User.get_session_auth_hash", verifier, secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)
