"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Log-in limits are counted in the cache: one per process lets every web worker grant its own
    five guesses (two workers took eight wrong passwords on one account)."""
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "The cache is kept per process, so log-in rate limits are counted per web worker.",
                hint="Set CACHE_URL to a shared cache, e.g. rediscache://redis:6379/1 (compose does).",
                id="portal.W001",
            )
        ]
    return []
