"""Notifications: owed in the caller's transaction, sent once in the recipient's language, swept if lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "notifications/email/test_kind_subject.txt": "{% load i18n %}{% translate 'Submitted' %}: {{ system }}\n",
    "notifications/email/test_kind_body.txt": "{{ recipient.email }} {{ link }}",
}


@pytest.fixture(autouse=True)
def _test_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]
    settings.PORTAL_BASE_URL = "https://portal.example.hk"


def test_each_recipient_gets_one_email_in_their_language_with_an_absolute_link(
    django_capture_on_commit_callbacks,
):
    english, chinese = UserFactory(language="en"), UserFactory(language="zh-hant")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify("test_kind", recipients=[english, chinese, english], path="/x/1/", system="Chatbot")
    assert sorted(m.subject for m in mail.outbox) == ["Submitted: Chatbot", "已提交: Chatbot"]
    assert {m.to[0] for m in mail.outbox} == {english.email, chinese.email}
    assert all(m.body.endswith("https://portal.example.hk/x/1/") for m in mail.outbox)
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.notify("test_kind", recipients=[UserFactory()], path="/x/", system="S")
    assert mail.outbox == []
    assert Notification.objects.get().sent_at is None


def test_a_notification_is_sent_once_however_often_its_task_runs():
    (notification,) = services.notify("test_kind", recipients=[UserFactory()], path="/x/", system="S")
    assert services.send(notification_id=notification.pk) is True
    assert services.send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_the_queue_lost_and_leaves_fresh_ones_to_their_task():
    old, fresh = (
        services.notify("test_kind", recipients=[UserFactory()], path="/x/", system="S")[0] for _ in "ab"
    )
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    assert tasks.sweep_unsent_notifications() == 1
    assert Notification.objects.get(pk=old.pk).sent_at is not None
    assert Notification.objects.get(pk=fresh.pk).sent_at is None
