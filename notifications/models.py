from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An e-mail owed to one person: written in the same transaction as what it reports (an outbox), sent
    by a worker after commit, and found again by the sweep if the queue lost it."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Names the templates notifications/email/<kind>_subject.txt and <kind>_body.txt.
    kind = models.CharField(_("kind"), max_length=40)
    # Path of the page the e-mail links to; made absolute with PORTAL_BASE_URL when sent.
    path = models.CharField(max_length=300)
    # Plain values only (strings, numbers): the e-mail is rendered from them in the recipient's language.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="notification_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}"
