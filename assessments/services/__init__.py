"""Writes and workflows for organisations and assessments. Views call these; they never touch HTTP."""

import logging

logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """A rule of the domain refused the request; the message is shown to the user as is."""


def enqueue(task, *args, **kwargs) -> bool:
    """Queue a task without ever failing the caller: a broker outage is logged, and the beat sweeps
    queue the work later. Returns whether it was queued."""
    try:
        task.apply_async(args, kwargs, retry=False)
    except Exception:  # kombu and redis raise many kinds of error; the sweeps are the safety net
        logger.warning("Could not queue %s%s; the sweep will retry", task.name, args, exc_info=True)
        return False
    return True
