"""gunicorn settings for the web service (Dockerfile and docker-compose.yml use this file).

    gunicorn portal.wsgi:application --config gunicorn.conf.py

Processes and threads follow the CPU count: one process per core does the Python work, and a few
threads per process overlap the waits on PostgreSQL and on slow clients (a sync worker would be held
by each of them). WEB_CONCURRENCY and WEB_THREADS override the counts.

The application, and the published guideline content, are loaded once in the master before it
forks (preload), then `gc.freeze()` moves everything loaded so far out of the garbage collector's
reach: the workers share those pages copy-on-write, and collections no longer walk them (they
caused the longest pauses of a request).
"""

import gc
import logging
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 0) or (os.cpu_count() or 1)
threads = int(os.environ.get("WEB_THREADS") or 4)
worker_class = "gthread"
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None

logger = logging.getLogger("gunicorn.error")


def when_ready(server) -> None:
    """After the app is loaded in the master, before the first fork."""
    _keep_published_content()
    gc.collect()
    gc.freeze()


def _keep_published_content() -> None:
    # Read in the master, every worker starts with it. A database that is not there yet (first
    # start before migrations) only means that each worker reads the content on first use.
    from django.db import DatabaseError, connections

    from guideline_content import published

    try:
        kept = published.warm()
        logger.info("Kept the published guideline content in memory (%d questionnaires)", kept)
    except DatabaseError as exc:
        logger.warning("Published guideline content not read at start-up: %s", exc)
    finally:
        # connections (and a psycopg pool) must not be shared with forked workers
        for connection in connections.all(initialized_only=True):
            connection.close()
            if hasattr(connection, "close_pool"):
                connection.close_pool()
