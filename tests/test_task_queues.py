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


# ---------------------------------------------------------------- redelivery after a worker dies
from types import SimpleNamespace  # noqa: E402

from django.conf import settings  # noqa: E402

from portal.celery import _options_for_the_queues_consumed, transport_options_for  # noqa: E402


def _options_of_a_worker(queues):
    conf = SimpleNamespace(broker_transport_options=None)
    _options_for_the_queues_consumed(conf=conf, options={"queues": queues})
    return conf.broker_transport_options


def _worst_case(options) -> int:
    """Seconds from a crash until the message is back in its queue: the timeout, then the next sweep."""
    return (
        options["visibility_timeout"]
        + options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    )


def test_a_scoring_worker_gets_work_back_from_a_dead_one_within_seventy_seconds():
    options = _options_of_a_worker(["celery"])
    assert options["visibility_timeout"] == 60 and _worst_case(options) == 70  # settings.py says so
    assert "unacked_key" not in options  # kombu's own key names


def test_a_report_worker_has_its_own_unacknowledged_list_and_a_longer_timeout():
    options = _options_of_a_worker("reports")  # as a string too, e.g. from a programmatic start
    assert options["visibility_timeout"] == 180 and _worst_case(options) == 190
    assert options["unacked_key"] == "unacked:reports"
    assert options["unacked_index_key"] == "unacked_index:reports"
    assert options["unacked_mutex_key"] == "unacked_mutex:reports"


def test_a_worker_of_both_queues_waits_as_long_as_the_slower_needs():
    options = _options_of_a_worker(["reports", "celery"])
    assert options["visibility_timeout"] == 180 and options["unacked_key"] == "unacked:celery+reports"


def test_a_worker_without_queues_is_a_scoring_worker_and_keeps_the_other_options():
    options = _options_of_a_worker(None)
    assert options["visibility_timeout"] == 60
    assert options["socket_timeout"] == settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"]


def test_the_environment_can_shorten_every_timeout_for_the_worker_tests():
    options = transport_options_for(
        ["celery", "reports"],
        settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        settings.CELERY_QUEUE_VISIBILITY_TIMEOUTS,
        override=15,
    )
    assert options["visibility_timeout"] == 15


def test_no_task_is_redelivered_while_it_can_still_be_running():
    """A timeout shorter than a task's hard time limit would run it twice."""
    timeouts = settings.CELERY_QUEUE_VISIBILITY_TIMEOUTS
    from assessments import tasks

    app.loader.import_default_modules()
    render = app.tasks[tasks.render_report.name]
    assert render.time_limit == settings.REPORT_RENDER_TIME_LIMIT
    assert render.soft_time_limit < render.time_limit
    assert timeouts["reports"] > settings.REPORT_RENDER_LEASE_SECONDS > render.time_limit
    for task in (tasks.score_assessment, tasks.send_invitation):
        registered = app.tasks[task.name]
        assert (
            timeouts["celery"] > registered.time_limit > registered.soft_time_limit > settings.EMAIL_TIMEOUT
        )


def test_the_render_lease_matches_the_settings():
    from assessments.services import reports

    assert reports.RENDER_LEASE.total_seconds() == settings.REPORT_RENDER_LEASE_SECONDS


def test_compose_lets_each_worker_take_its_queues_timeout_and_finish_a_render_on_stop():
    import yaml

    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    assert compose["x-app"]["environment"]["CELERY_VISIBILITY_TIMEOUT"] == "${CELERY_VISIBILITY_TIMEOUT:-0}"
    services = compose["services"]
    assert "--queues=celery" in services["worker"]["command"]
    assert "--queues=reports" in services["report-worker"]["command"]
    grace = int(services["report-worker"]["stop_grace_period"].removesuffix("s"))
    assert grace > settings.REPORT_RENDER_TIME_LIMIT
    assert int(services["worker"]["stop_grace_period"].removesuffix("s")) > settings.CELERY_TASK_TIME_LIMIT
