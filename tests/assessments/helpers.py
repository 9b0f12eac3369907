"""Shared steps for assessment tests: start, triage and answer through the services."""

from django.core.signals import request_finished
from django.db import close_old_connections

from assessments.models import Answer
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from guideline_content.models import GuidelineVersion

# A limited-tier provider system that serves the public with personal data, in retail.
TRIAGE = {
    "harms_safety": False, "manipulation": False, "critical_use": False, "decisions_about_people": False,
    "serves_public": True, "minors": False, "personal_data": True, "trains_models": False,
    "third_party_model": True, "generates_media": False, "retrieval": True, "agentic": False,
    "sector": "retail",
}  # fmt: skip


def start(system, user, role="provider", version="hk-genai-2025-12", triage=TRIAGE):
    assessment = services.start_assessment(
        system=system, role_code=role, version=GuidelineVersion.objects.get(code=version), by=user
    )
    if triage is not None:
        services.save_triage(assessment=assessment, answers=dict(triage), by=user)
    assessment.refresh_from_db()
    return assessment


def best_option(item) -> str:
    """The highest-scoring option, or a text answer for free-text questions."""
    return max(item.options, key=lambda o: o.score).code if item.options else "Our answer."


def answer_all(assessment, user, value=None):
    """Answer every applicable question with its best option (or `value(item)`)."""
    for item in load_questionnaire(assessment).items:
        services.save_answer(
            assessment=assessment,
            question=item.question,
            by=user,
            value=value(item) if value else best_option(item),
        )
    return Answer.objects.filter(assessment=assessment)


def streamed(response) -> bytes:
    """The whole body of a FileResponse, with its file closed.

    Closing a response sends request_finished, which closes the database connection: inside a test's
    transaction that would break every later query, so the signal's handler is held back meanwhile.
    """
    data = b"".join(response.streaming_content)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return data
