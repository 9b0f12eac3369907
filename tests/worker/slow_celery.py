"""A Celery app whose scoring stalls before it starts, so a test can kill the worker mid-task.

Run as `celery -A tests.worker.slow_celery worker`; it writes SCORING_STARTED_FILE when a task begins.
"""

import os
import pathlib
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from assessments.services import scoring  # noqa: E402
from portal.celery import app  # noqa: E402, F401

_score = scoring.score_assessment


def _stalled(*, assessment_id: int, force: bool = False):
    pathlib.Path(os.environ["SCORING_STARTED_FILE"]).write_text(str(assessment_id))
    time.sleep(float(os.environ.get("SCORING_DELAY", "600")))
    return _score(assessment_id=assessment_id, force=force)


scoring.score_assessment = _stalled
