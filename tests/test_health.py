import os

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_everything_is_reachable(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()["checks"]) == {"database", "broker"}


def test_healthz_names_an_unreachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert list(response.json()["down"]) == ["broker"]
    assert "broker unreachable" in response.json()["down"]["broker"]


def test_healthz_names_an_unreachable_database(client, monkeypatch):
    from portal import health

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert list(response.json()["down"]) == ["database"]


@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="no real broker configured")
def test_healthz_reaches_the_real_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    response = client.get(reverse("healthz"))
    assert response.json()["checks"]["broker"] == "ok"
