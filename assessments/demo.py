"""Demo organisation for a local portal: an owner, an editor, a sample system with one assessment in
progress for each role, and a second system whose assessment is submitted and scored, with its reports in
both languages, so a newcomer sees results and a PDF at once. Adds what is missing; never changes what
exists."""

from django.db import transaction

from accounts.models import User
from assessments.models import AISystem, Assessment, Organisation, Report
from assessments.services import assessments as assessment_services
from assessments.services import organisations as organisation_services
from assessments.services import reports as report_services
from assessments.services import scoring as scoring_services
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


DEMO_SCORED_SYSTEM = {
    "name": "Staff drafting assistant",
    "purpose": "Helps relationship managers draft letters and meeting notes; staff check every draft "
    "before it is sent.",
    "models_used": "A general-purpose chat assistant licensed for the bank",
    "providers": "An enterprise GenAI software vendor",
    "users": "Relationship managers and their assistants",
    "affected_people": "Customers who receive the letters",
    "data_kinds": ["personal", "confidential"],
    "sector": "finance",
    "deployment_status": AISystem.Status.PRODUCTION,
}
REPORT_LANGUAGES = ("en", "zh-hant")


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


def seed_demo_results(*, organisation: Organisation, owner: User, editor: User) -> Assessment:
    """A submitted, scored service-user assessment with a report in each language; the existing one if
    the demo organisation already has it. Reports render in-process (or in the worker when a broker is
    configured), right after each commit."""
    existing = organisation.assessments.filter(system__name=DEMO_SCORED_SYSTEM["name"]).first()
    if existing is None:
        system = organisation_services.save_system(organisation=organisation, **DEMO_SCORED_SYSTEM)
        existing = assessment_services.start_assessment(
            system=system, role_code="user", version=GuidelineVersion.objects.current(), by=owner
        )
        assessment_services.save_triage(assessment=existing, answers=dict(DEMO_TRIAGE), by=owner)
        _answer_everything(Assessment.objects.get(pk=existing.pk), editor)
        assessment_services.submit_assessment(assessment=Assessment.objects.get(pk=existing.pk), by=owner)
    # Scored here if no worker has done it yet (scoring is idempotent), so both reports can be asked for now.
    result = scoring_services.score_assessment(assessment_id=existing.pk)
    have = set(Report.objects.filter(result=result).values_list("language", flat=True))
    for language in REPORT_LANGUAGES:
        if language not in have:
            report_services.request_report(result=result, language=language, by=owner)
    return existing


def _answer_everything(assessment: Assessment, by: User) -> None:
    """Mostly good answers with a few gaps, so the results have something to show: the same every time."""
    for number, item in enumerate(load_questionnaire(assessment).items):
        options = sorted(item.options, key=lambda o: o.score, reverse=True)
        if not options:
            value = "Staff guidance on GenAI use, reviewed every year by the compliance team."
        elif number % 7 == 3:
            value = options[-1].code  # a clear gap
        elif number % 4 == 1:
            value = options[len(options) // 2].code  # partly in place
        else:
            value = options[0].code
        assessment_services.save_answer(assessment=assessment, question=item.question, by=by, value=value)
