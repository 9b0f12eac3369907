"""The account page for personal API tokens (HTML): create one and see it once, list, revoke."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.forms import TokenForm
from assessments import permissions
from assessments.services import ServiceError


def _page(
    request: HttpRequest, form: TokenForm, secret: str | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "secret": secret,
        "tokens": request.user.api_tokens.all(),
        "may_create": permissions.may_create_api_token(request.user),
    }
    response = render(request, "api/tokens.html", context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


def token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, secret = services.create_token(
            user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
        )
    except ServiceError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    return _page(request, TokenForm(), secret=secret)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = permissions.get_api_token(request.user, pk)
    services.revoke_token(token=token, by=request.user)
    messages.success(request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name})
    return redirect("api_tokens:list")
