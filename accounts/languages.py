"""Which language a person reads: the one they chose (on their account), else the portal's default."""

from django.conf import settings

from accounts.models import User


def is_supported(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def remember_language(*, user: User, language: str) -> None:
    """Store a supported language on the account (e-mails and reports made for the user use it)."""
    if user.is_authenticated and is_supported(language) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def language_for_email(email: str, *, fallback: str | None = None) -> str:
    """The language of the account with this address; else `fallback`, else the portal's default."""
    user = User.objects.filter(email__iexact=email).exclude(language="").only("language").first()
    return user.language if user else (fallback or settings.LANGUAGE_CODE)
