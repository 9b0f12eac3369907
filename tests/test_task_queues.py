"""Reports render on their own queue, so that scoring (and e-mail) never waits behind a render."""

from portal.celery import app


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_reports_have_their_own_queue():
    assert queue_of("assessments.tasks.render_report") == "reports"


def test_scoring_and_mail_stay_on_the_default_queue():
    for name in (
        "assessments.tasks.score_assessment",
        "assessments.tasks.send_invitation",
        "notifications.tasks.send_notification",
    ):
        assert queue_of(name) == "celery", name
