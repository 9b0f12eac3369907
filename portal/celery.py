import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs, all in one place (run by `celery -A portal beat`).
app.conf.beat_schedule = {
    # Submissions made while the broker was down, and work dropped by a dead worker, get scored.
    "sweep-unscored-assessments": {"task": "assessments.tasks.sweep_unscored", "schedule": 300.0},
    "sweep-pending-reports": {"task": "assessments.tasks.sweep_pending_reports", "schedule": 300.0},
    "sweep-unsent-invitations": {"task": "assessments.tasks.sweep_unsent_invitations", "schedule": 300.0},
    "sweep-unsent-notifications": {
        "task": "notifications.tasks.sweep_unsent_notifications",
        "schedule": 300.0,
    },
}


def transport_options_for(queues, base: dict, timeouts: dict[str, int], override: int | None) -> dict:
    """The Redis transport options of a worker consuming `queues` (settings.py says why): the longest
    visibility timeout of its queues, and its own keys for the messages it holds unacknowledged, which
    only workers of the same queues restore."""
    names = sorted(set(queues or ["celery"]))
    group = "+".join(names)
    options = {
        **base,
        "visibility_timeout": override or max(timeouts.get(n, timeouts["celery"]) for n in names),
    }
    if group != "celery":  # the "celery" queue keeps kombu's own key names
        options.update(
            unacked_key=f"unacked:{group}",
            unacked_index_key=f"unacked_index:{group}",
            unacked_mutex_key=f"unacked_mutex:{group}",
        )
    return options


@signals.celeryd_init.connect
def _options_for_the_queues_consumed(sender=None, conf=None, options=None, **kwargs):
    """Run in a worker before it connects to the broker, with its command-line options (--queues)."""
    from django.conf import settings

    queues = (options or {}).get("queues")
    if isinstance(queues, str):
        queues = [q.strip() for q in queues.split(",") if q.strip()]
    conf.broker_transport_options = transport_options_for(
        queues,
        settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        settings.CELERY_QUEUE_VISIBILITY_TIMEOUTS,
        settings.CELERY_VISIBILITY_TIMEOUT_OVERRIDE,
    )


# The id of the request that queued a task goes with it, so the task's logs carry it too.
@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    from portal.logs import request_id

    if headers is not None and request_id():
        headers["request_id"] = request_id()


@signals.task_prerun.connect
def _bind_request_id(task=None, **kwargs):
    from portal.logs import bind_request_id

    given = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    if given:  # a task run in-process (no broker) already runs in the request's context
        task.request.request_id_token = bind_request_id(given)


@signals.task_postrun.connect
def _unbind_request_id(task=None, **kwargs):
    from portal.logs import reset_request_id

    token = getattr(task.request, "request_id_token", None)
    if token is not None:
        reset_request_id(token)
        task.request.request_id_token = None
