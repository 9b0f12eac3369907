"""Sessions follow privileges: a new session key whenever what the signed-in user may do changes, and the
end of every other session of theirs when how they sign in changes.

Why both: a session key someone else learnt before the change (a shared computer, a fixed session) must
not gain the new rights, so the request that makes the change continues under a new key. And sessions
opened elsewhere before two-factor authentication was turned on were never asked for the second factor,
so they end. Privileges stored on the account (kind, staff, superuser) are part of the session hash
(accounts/models.py): a change made by someone else, in the admin, ends the user's sessions, and they log
in again (and set up two-factor authentication if their new kind needs it). Organisation roles are read
from the database on every request, so a change by another owner takes effect at once without ending
anyone's session.
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth import update_session_auth_hash
from django.db.models import F
from django.http import HttpRequest

from accounts.models import User


def privileges_changed(request: HttpRequest, user: User | None = None) -> None:
    """The signed-in user's privileges changed in this request (`user`: the account as it is now, when
    the request's user object is out of date): keep them signed in under a new session key (the old key
    no longer works), with the session hash of the account as it is now."""
    user = user or request.user
    if request.user.is_authenticated and request.user.pk == user.pk:
        update_session_auth_hash(request, user)


def sign_in_changed(*, request: HttpRequest, user: User) -> None:
    """How `user` signs in changed: end their other sessions and give this one a new key."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.user.session_generation = user.session_generation
        update_session_auth_hash(request, user)


def on_authenticator_changed(sender, request, user, authenticator, **kwargs) -> None:
    """allauth's signal after a second factor is added or removed. Recovery codes come and go with it
    (allauth makes them when TOTP is turned on and deletes them when it is turned off): they change
    nothing on their own."""
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        sign_in_changed(request=request, user=user)
