import sys

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.defaults import server_error as django_server_error

from guideline_content.selectors import published_version
from portal import health
from portal.request_checks import database_unavailable


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the portal does, for whom, and how to start."""
    try:
        version = published_version()
    except Http404:  # a fresh install before `load_guideline`
        version = None
    return render(request, "portal/home.html", {"version": version})


@login_not_required
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page says (PDFs, JSON): answer instead of a 404."""
    return FileResponse(open(finders.find("favicon.ico"), "rb"), content_type="image/x-icon")  # noqa: SIM115


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.run_checks()
    down = {name: result.detail for name, result in checks.items() if not result.ok}
    body = {"status": "unavailable" if down else "ok", "checks": {n: r.detail for n, r in checks.items()}}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, except when the database was what failed (PostgreSQL restarting) before any
    view ran, in a middleware reading the session or the user: then the "briefly unavailable" page,
    rendered without touching the database (the view-time case is portal.request_checks')."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return django_server_error(request)
