from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Organisation member")
        REVIEWER = "reviewer", _("DPO reviewer")
        AUDITOR = "auditor", _("Auditor")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MEMBER)
