"""Demo data of the DPO review (`make run`): one assessment waiting in the queue, one returned with
changes requested, one approved. Never touches what exists."""

from django.db import transaction

from accounts.models import User
from assessments.models import AISystem, Assessment, Organisation
from assessments.services import assessments as assessment_services
from assessments.services import grants, review
from assessments.services import organisations as organisation_services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import load_questionnaire
from assessments.workflow import Move

DEMO_SYSTEMS = {
    "waiting": "Mortgage document summariser",
    "returned": "Branch staff knowledge assistant",
    "approved": "Marketing copy drafter",
}
DEMO_SYSTEM = {
    "purpose": "Summarises long documents for staff, who check every summary before use.",
    "models_used": "A hosted large language model",
    "providers": "A cloud AI platform (third-party model)",
    "users": "Bank staff",
    "affected_people": "Customers whose documents are summarised",
    "data_kinds": ["personal", "confidential"],
    "sector": "finance",
    "deployment_status": AISystem.Status.PILOT,
}


def _complete_and_submit(organisation: Organisation, name: str, owner: User, triage: dict) -> Assessment:
    from guideline_content.models import GuidelineVersion

    system = organisation_services.save_system(organisation=organisation, name=name, **DEMO_SYSTEM)
    assessment = assessment_services.start_assessment(
        system=system, role_code="user", version=GuidelineVersion.objects.current(), by=owner
    )
    assessment_services.save_triage(assessment=assessment, answers=dict(triage), by=owner)
    assessment = Assessment.objects.get(pk=assessment.pk)
    for item in load_questionnaire(assessment).items:
        options = item.options
        value = max(options, key=lambda o: o.score).code if options else "Described in our AI policy."
        assessment_services.save_answer(assessment=assessment, question=item.question, by=owner, value=value)
    assessment_services.submit_assessment(assessment=assessment, by=owner)
    # Scored here, not only by the queued task: with a real worker the decision below would not wait.
    scoring_services.score_assessment(assessment_id=assessment.pk)
    return review.send_for_review(assessment=Assessment.objects.get(pk=assessment.pk), by=owner)


def _open_to_auditor(organisation: Organisation, owner: User, auditor: User) -> None:
    approved = Assessment.objects.filter(
        organisation=organisation, system__name=DEMO_SYSTEMS["approved"], status=Assessment.Status.APPROVED
    ).first()
    if approved is not None and not approved.auditor_grants.exists():
        grants.grant_access(organisation=organisation, email=auditor.email, by=owner, assessment=approved)


def seed_demo_reviews(
    *, organisation: Organisation, owner: User, reviewer: User, auditor: User, triage: dict
) -> list[str]:
    """Create the three demo review cases unless they exist, the approved one open to the auditor;
    returns a line about each."""
    if AISystem.objects.filter(organisation=organisation, name=DEMO_SYSTEMS["waiting"]).exists():
        _open_to_auditor(organisation, owner, auditor)  # a demo seeded before auditors existed
        return []
    waiting = _complete_and_submit(organisation, DEMO_SYSTEMS["waiting"], owner, triage)
    returned = _complete_and_submit(organisation, DEMO_SYSTEMS["returned"], owner, triage)
    returned = review.start_review(assessment=returned, by=reviewer)
    first = load_questionnaire(returned).items[0].question.code
    review.add_comment(
        assessment=returned, by=reviewer, question_code=first,
        body="Please attach the policy document you mention and say how often it is reviewed.",
    )  # fmt: skip
    review.add_comment(assessment=returned, by=reviewer, body="Please confirm who signs off the summaries.")
    review.request_changes(assessment=returned, by=reviewer)
    approved = _complete_and_submit(organisation, DEMO_SYSTEMS["approved"], owner, triage)
    approved = review.start_review(assessment=approved, by=reviewer)
    with transaction.atomic():  # the decided reports render after this commit
        review.decide(
            assessment=approved, move=Move.APPROVE, by=reviewer,
            reason="The answers are complete and evidenced; human review of every output is in place.",
        )  # fmt: skip
    _open_to_auditor(organisation, owner, auditor)
    return [
        f"Waiting in the DPO queue: {waiting.system.name}",
        f"Changes requested (2 comments): {returned.system.name}",
        f"Approved, report with the decision, open to the auditor: {approved.system.name}",
    ]
