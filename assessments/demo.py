"""Demo organisation for a local portal: an owner, an editor, a sample system and one assessment in
progress for each role, so a newcomer can look around at once. Never touches what exists."""

from django.db import transaction

from accounts.models import User
from assessments.models import AISystem, Assessment, Organisation
from assessments.services import assessments as assessment_services
from assessments.services import organisations as organisation_services
from assessments.services.questionnaire import load_questionnaire
from guideline_content.models import GuidelineVersion

DEMO_ORGANISATION = "Harbour Bank Limited (demo)"
DEMO_TRIAGE = {
    "harms_safety": False, "manipulation": False, "critical_use": False, "decisions_about_people": False,
    "serves_public": True, "minors": False, "personal_data": True, "trains_models": False,
    "third_party_model": True, "generates_media": False, "retrieval": True, "agentic": False,
    "sector": "finance",
}  # fmt: skip
DEMO_SYSTEM = {
    "name": "Customer enquiry assistant",
    "purpose": "Answers customers' questions about accounts and cards in the mobile app, "
    "in Cantonese and English.",
    "models_used": "A hosted large language model with retrieval over the bank's product documents",
    "providers": "A cloud AI platform (third-party model)",
    "users": "Retail banking customers; the contact-centre team reviews escalations",
    "affected_people": "Customers asking about their accounts",
    "data_kinds": ["personal", "confidential"],
    "sector": "finance",
    "deployment_status": AISystem.Status.PILOT,
}


def seed_demo_organisation(*, owner: User, editor: User) -> Organisation:
    """Create the demo organisation unless it exists; returns it either way."""
    existing = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if existing:
        return existing
    version = GuidelineVersion.objects.current()
    with transaction.atomic():
        organisation = organisation_services.create_organisation(
            by=owner,
            name=DEMO_ORGANISATION,
            sector="finance",
            size="large",
            contact_name="Demo Owner",
            contact_email=owner.email,
            contact_phone="+852 0000 0000",
        )
        organisation.memberships.create(user=editor, role="editor")
        system = organisation_services.save_system(organisation=organisation, **DEMO_SYSTEM)
        for role in ("developer", "provider", "user"):
            assessment = assessment_services.start_assessment(
                system=system, role_code=role, version=version, by=owner
            )
            assessment_services.save_triage(assessment=assessment, answers=dict(DEMO_TRIAGE), by=owner)
            _answer_first_section(Assessment.objects.get(pk=assessment.pk), editor)
    return organisation


def _answer_first_section(assessment: Assessment, by: User) -> None:
    """Answer part of the first section, so the assessment shows as in progress."""
    items = load_questionnaire(assessment).sections[0].items
    for item in items[: max(1, len(items) // 2)]:
        options = item.options
        value = options[len(options) // 2].code if options else "Documented in the project's design notes."
        assessment_services.save_answer(assessment=assessment, question=item.question, by=by, value=value)
