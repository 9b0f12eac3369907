"""The portal's URLs plus the floor: a minimal view behind the same middleware (session, user,
CSRF, locale, messages), so a page's ratio to it is the cost of the page's own work."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"<!doctype html><title>floor</title><p>{request.user.pk}</p>")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), path("", include("portal.urls"))]
