"""Creating, using and revoking personal API tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import ApiToken
from assessments import permissions
from assessments.services import ServiceError

TOKEN_PREFIX = "gaip_"  # noqa: S105 (not a secret: lets secret scanners recognise a leaked token)
LAST_USED_PRECISION = timedelta(minutes=1)  # write last_used_at at most once a minute per token
MAX_TOKENS_PER_USER = 20


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its secret, which is never stored or shown again.

    Raises ServiceError when the user needs two-factor authentication first, the name is empty, the
    expiry is in the past, or the user already has too many usable tokens.
    """
    if not permissions.may_create_api_token(user):
        raise ServiceError(_("Turn on two-factor authentication before you create an API token."))
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the token a name."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError(_("The expiry date must be in the future."))
    if ApiToken.objects.usable().filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ServiceError(_("Revoke a token first: you have %(n)s.") % {"n": MAX_TOKENS_PER_USER})
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, key_hash=_hash(secret), expires_at=expires_at
    )
    return token, secret


def revoke_token(*, token: ApiToken, by: User) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())


def user_for_secret(secret: str) -> tuple[User, ApiToken] | None:
    """The active user and usable token for a presented secret, or None. Records when it was used."""
    if not secret.startswith(TOKEN_PREFIX) or secret.count("_") < 2:
        return None
    prefix = secret[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.usable().select_related("user").filter(prefix=prefix).first()
    if token is None or not constant_time_compare(token.key_hash, _hash(secret)) or not token.user.is_active:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at=None) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    return token.user, token
