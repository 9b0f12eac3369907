from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
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

    @property
    def is_dpo_staff(self) -> bool:
        return self.kind in (self.Kind.REVIEWER, self.Kind.DPO_ADMIN)

    @property
    def preferred_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE
