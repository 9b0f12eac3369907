from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from portal import health


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("assessments:dashboard" if request.user.is_authenticated else "guideline:index")


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.run_checks()
    down = {name: result.detail for name, result in checks.items() if not result.ok}
    body = {"status": "unavailable" if down else "ok", "checks": {n: r.detail for n, r in checks.items()}}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
