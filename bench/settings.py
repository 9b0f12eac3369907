"""Settings for `make bench`: the portal's own, plus a floor view to measure against."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# No collectstatic before every run: plain static URLs (the manifest lookup costs a dict lookup).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
