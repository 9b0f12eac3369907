from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.languages import remember_language


@login_not_required
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a cookie that lasts LANGUAGE_COOKIE_AGE), also remembered on the
    account of a logged-in user, so it follows them to other browsers, e-mails and reports."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if settings.LANGUAGE_COOKIE_NAME in response.cookies:  # Django accepted the language
        remember_language(user=request.user, language=language)
    return response
