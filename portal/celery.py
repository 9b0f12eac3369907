import os

from celery import Celery

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
