"""What an assessor needs in the PDF, read back from the file with pypdf: the system, the triage that
decided its tier, the method, who attests to the answers; and a layout without its old defects."""

import io
import re

import pytest
from pypdf import PdfReader

from assessments.models import Report
from assessments.services import assessments as services
from assessments.services import reports
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import load_questionnaire
from guideline_content.models import Dimension
from tests.assessments.helpers import answer_all, start
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(organisation, owner, django_capture_on_commit_callbacks):
    owner.first_name, owner.last_name = "Mei", "Chan"
    owner.save()
    system = AISystemFactory(
        organisation=organisation,
        name="Enquiry Assistant",
        purpose="Drafts replies to customer enquiries for staff to check.",
        models_used="A hosted large language model",
        providers="Harbour Cloud AI",
        users="Customer service staff",
        affected_people="Customers who write to the bank",
        data_kinds=["personal", "confidential"],
        deployment_status="production",
    )
    assessment = start(system, owner, role="user")  # the shortest questionnaire: a PDF in seconds
    answer_all(assessment, owner)
    first = load_questionnaire(assessment).items[0]
    services.save_answer(
        assessment=assessment,
        question=first.question,
        by=owner,
        value=first.options[0].code,
        comment="Checked by the risk committee.",
        expected_version=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment


def rendered(assessment, language="en") -> tuple[Report, list[str]]:
    """A report of the assessment and the text of each of its pages."""
    result = scoring_services.current_result(assessment)
    report = reports.request_report(result=result, language=language, by=assessment.submitted_by)
    report = reports.render_report(report_id=report.pk)
    assert report.status == Report.Status.READY, report.error
    with report.file.open("rb") as stored:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages]
    return report, pages


def flat(pages: list[str]) -> str:
    """The text on one line; a word wrapped after its hyphen ("retrieval-\naugmented") joined again."""
    return " ".join(re.sub(r"-\n", "-", " ".join(pages)).split())


def test_the_report_describes_the_system_and_the_triage_answers_that_decided_its_tier(submitted):
    _, pages = rendered(submitted)
    text = flat(pages)
    assert "The system assessed and its risk tier" in text
    for fact in (
        "Drafts replies to customer enquiries for staff to check.",
        "A hosted large language model",
        "Harbour Cloud AI",
        "Customer service staff",
        "Customers who write to the bank",
        "Personal data; Confidential business information",
        "In production",
    ):
        assert fact in text, fact
    assert "Triage answers that decided the tier" in text
    for line in services.triage_answers(submitted):
        assert " ".join(line.question.text.split()) in text
    assert "In which sector are the system's outputs mainly used? Retail" in text  # the helpers' triage
    for reason in services.tier_reasons(submitted):
        assert " ".join(reason.split())[:60] in text


def test_the_method_appendix_gives_the_rules_and_says_the_method_is_the_portals_own(submitted):
    report, pages = rendered(submitted)
    text = flat(pages)
    start_of_method = text.index("Appendix A: scoring method", text.index("Contents") + 200)
    method = text[start_of_method:]
    assert "This is the portal's own method, version " + report.result.method_version in method
    assert "Essential 75.0%" in method and "Important 50.0%" in method  # gap thresholds
    assert "Aligned: overall score from 80" in method and "Partly aligned: overall score from 50" in method
    assert "below 50.0%, the rating is capped one band lower" in method
    assert "Essential 3, Important 2, Recommended 1" in method  # criticality weights


def test_the_attestation_says_who_submitted_when_and_on_whose_behalf(submitted):
    report, pages = rendered(submitted)
    last = " ".join(pages[-1].split())
    assert "Attestation and verification" in last
    assert "Submitted by Mei Chan (" + submitted.submitted_by.email + ")" in last
    assert "On behalf of Harbour Bank Limited" in last
    assert re.search(r"Submitted \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d HKT", last)
    assert "Reviewed by (name and role)" in last and report.number in last


def test_no_page_is_left_nearly_empty_and_codes_never_break_at_their_hyphens(submitted):
    report, pages = rendered(submitted)
    assert len(pages[-1]) > 900  # the closing part shares its page with the end of the answers
    # The first dimension follows the scores table on the same page, instead of after a blank.
    [after_scores] = [page for page in pages if "Dimension and principle scores are means" in page]
    first_dimension = report.result.detail["dimensions"][0]["code"]
    assert (
        Dimension.objects.get(version=submitted.guideline_version, code=first_dimension).name in after_scores
    )
    broken = [m.group(0) for page in pages for m in re.finditer(r"\b[A-Z]{2,}-\n[A-Z0-9]", page)]
    assert broken == []


def test_the_appendix_sets_the_comment_apart_from_the_bold_answer(submitted):
    report = reports.request_report(result=scoring_services.current_result(submitted), language="en", by=None)
    html = " ".join(reports.report_html(report, load_questionnaire(submitted).items).split())
    assert (
        '<span class="note-line"><span class="muted">Comment:</span> Checked by the risk committee.</span>'
        in html
    )
    assert "comment: Checked" not in html  # no longer run into the answer's bold text


def test_a_chinese_report_reads_as_chinese(submitted):
    _, pages = rendered(submitted, language="zh-hant")
    text = flat(pages)
    assert "受評估的系統及其風險級別" in text and "附錄甲：評分方法" in text and "核證及驗證" in text
    assert "App." not in text and "附錄§" in text
    assert not re.search(r"[\u4e00-\u9fff）]; ", text)  # no ASCII semicolons between Chinese phrases
    assert "；" in text
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d（香港時間）", text)
