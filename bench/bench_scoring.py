"""Scoring benchmark: assessments scored per second for the largest questionnaire.

Baseline, in the same run and process: the raw cost of reading that assessment's answers from the
database. Figures are ratios to the baseline, so they compare across machines.

    DEBUG=true .venv/bin/python bench/bench_scoring.py [--rounds 50]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["REPORTS_AUTOMATIC_LANGUAGES"] = ""  # the task body alone: reports are bench_report's
os.environ.setdefault("LOG_LEVEL", "WARNING")  # task logs would interleave with the figures
os.environ.pop("CELERY_BROKER_URL", None)  # task bodies run in-process: no message left in a broker

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402


def timed(function, rounds: int) -> float:
    """Median seconds per call."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def build_assessment(*, owner=None, role=None, answered=True, name="Bench"):
    """A draft of the largest questionnaire (or of `role`), triaged so that nearly everything applies,
    with every applicable question answered unless `answered` is False."""
    from assessments.services import assessments as services
    from assessments.services import organisations
    from assessments.services.questionnaire import load_questionnaire
    from guideline_content.loader import load_guideline, shipped_version_dirs
    from guideline_content.models import GuidelineVersion, Question
    from tests.factories import UserFactory

    if not GuidelineVersion.objects.exists():
        for path in shipped_version_dirs():
            load_guideline(path=path)
    # BENCH_VERSION=<code> measures an older questionnaire, to compare with runs made before it changed
    pinned = GuidelineVersion.objects.filter(code=os.environ.get("BENCH_VERSION", "")).first()
    version = pinned or GuidelineVersion.objects.current()
    role = role or max(
        ("developer", "provider", "user"),
        key=lambda code: Question.objects.filter(version=version, role__code=code).count(),
    )
    owner = owner or UserFactory()
    organisation = organisations.create_organisation(
        by=owner,
        name=f"{name} Ltd",
        sector="finance",
        size="large",
        contact_name="B",
        contact_email="b@example.org",
    )
    system = organisations.save_system(
        organisation=organisation,
        name=f"{name} system",
        purpose="p",
        models_used="m",
        providers="p",
        users="u",
        affected_people="a",
        data_kinds=["personal"],
        sector="finance",
        deployment_status="production",
    )
    assessment = services.start_assessment(system=system, role_code=role, version=version, by=owner)
    everything = {
        "harms_safety": False,
        "manipulation": False,
        "critical_use": True,
        "decisions_about_people": True,
        "serves_public": True,
        "minors": True,
        "personal_data": True,
        "trains_models": True,
        "third_party_model": True,
        "generates_media": True,
        "retrieval": True,
        "agentic": True,
        "sector": "finance",
    }
    services.save_triage(assessment=assessment, answers=everything, by=owner)
    assessment.refresh_from_db()
    for n, item in enumerate(load_questionnaire(assessment).items if answered else []):
        options = item.options
        value = options[n % len(options)].code if options else "Documented."
        services.save_answer(assessment=assessment, question=item.question, by=owner, value=value)
    assessment.refresh_from_db()
    return assessment, role


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from assessments import scoring
        from assessments.services import scoring as scoring_services

        assessment, role = build_assessment()
        content = scoring_services.scoring_content(assessment)
        answers = scoring_services.scoring_answers(assessment)

        read = timed(lambda: scoring_services.scoring_answers(assessment), rounds)
        pure = timed(
            lambda: scoring.score(
                content=content, answers=answers, tier=assessment.tier.code, facts=assessment.triage_facts
            ),
            rounds,
        )
        full = timed(lambda: scoring_services.score_of(assessment), rounds)
        charts = timed(
            lambda: scoring_services.result_charts(assessment, scoring_services.score_of(assessment)),
            max(5, rounds // 10),
        )
        assessment.status = "submitted"
        assessment.save(update_fields=["status"])
        task = timed(
            lambda: scoring_services.score_assessment(assessment_id=assessment.pk, force=True),
            max(5, rounds // 5),
        )
        questions = len(content.questions)
        print(
            f"largest questionnaire: {role}, {questions} questions, {len(answers)} answers, "
            f"{django.db.connection.vendor}"
        )
        load = os.getloadavg()
        print(f"load average {load[0]:.2f}/{load[1]:.2f}")
        print(f"{'baseline: read the answers':<44} {read * 1000:8.2f} ms   1.0x")
        for name, seconds in (
            ("score (pure method, content in memory)", pure),
            ("score (load content and answers + method)", full),
            ("score + charts in both languages", charts),
            ("task body: load, score, charts, store", task),
        ):
            print(
                f"{name:<44} {seconds * 1000:8.2f} ms {seconds / read:6.1f}x   {1 / seconds:8.1f} per second"
            )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
