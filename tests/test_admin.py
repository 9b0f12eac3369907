"""The Django admin shows the portal's records, read-only where a change would break the portal's rules."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentResult, Report
from assessments.services import assessments as services
from assessments.services import reports as report_services
from tests.assessments.helpers import answer_all, start
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def scored(system, owner, django_capture_on_commit_callbacks):
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    result = AssessmentResult.objects.get(assessment=assessment)
    report_services.request_report(result=result, language="en", by=owner)  # stays pending: no commit
    return Assessment.objects.get(pk=assessment.pk)


def _sections(html: str) -> list[str]:
    return re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)


def test_the_index_has_one_accounts_section_and_the_portal_records(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    sections = _sections(html)
    assert sections.count("Accounts") == 1
    assert "Authentication and Authorization" not in sections and "MFA" not in sections
    accounts = html[html.index(">Accounts</a>") : html.index("</table>", html.index(">Accounts</a>"))]
    for name in ("Users", "Email addresses", "Authenticators", "Groups"):
        assert name in accounts
    for url in ("organisation", "aisystem", "assessment", "report", "assessmentresult", "auditevent"):
        assert reverse(f"admin:assessments_{url}_changelist") in html


@pytest.mark.parametrize("model", ["assessment", "assessmentresult", "report", "auditevent", "invitation"])
def test_records_kept_by_the_services_are_shown_but_never_changed(admin_client, scored, model):
    listing = admin_client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert listing.status_code == 200
    assert "to change" not in listing.content.decode()
    assert reverse(f"admin:assessments_{model}_add") not in listing.content.decode()


def test_an_assessment_opens_read_only_and_a_post_changes_nothing(admin_client, scored):
    url = reverse("admin:assessments_assessment_change", args=[scored.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="_save"' not in page and 'name="status"' not in page
    assert admin_client.post(url, {"status": "draft"}).status_code == 403
    scored.refresh_from_db()
    assert scored.status == Assessment.Status.SUBMITTED


def test_a_report_shows_its_number_and_hash_but_not_its_private_file(admin_client, scored):
    report = Report.objects.get(assessment=scored)
    page = admin_client.get(reverse("admin:assessments_report_change", args=[report.pk])).content.decode()
    assert report.number in page
    assert "file" not in re.findall(r'class="form-row field-(\w+)', page)


def test_organisation_details_can_be_corrected_but_not_added_or_deleted(admin_client, organisation):
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="name"' in page
    assert reverse("admin:assessments_organisation_delete", args=[organisation.pk]) not in page
    assert admin_client.get(reverse("admin:assessments_organisation_add")).status_code == 403


def test_read_only_guideline_content_is_not_offered_for_change(admin_client):
    html = admin_client.get(reverse("admin:guideline_content_question_changelist")).content.decode()
    assert "Select question to change" not in html
    assert "<h1>Questions</h1>" in html


def test_the_assessment_list_query_count_is_flat(
    admin_client, scored, system, owner, django_assert_max_num_queries
):
    start(system, owner)
    start(system, owner, role="developer")
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("admin:assessments_assessment_changelist")).status_code == 200


def test_with_every_version_published_the_index_offers_guideline_content_to_view_only(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    content = html[
        html.index(">Guideline content</a>") : html.index("</table>", html.index(">Guideline content</a>"))
    ]
    assert "View</a>" in content and "Change</a>" not in content


def test_the_admin_log_in_form_is_not_a_way_around_allauth(client, django_user_model):
    """Its password form would skip the second factor and the rate limits: it sends to allauth's."""
    from tests.conftest import with_totp

    staff = with_totp(
        django_user_model.objects.create_user(
            "boss", "boss@example.org", "correct-horse-battery", is_staff=True, is_superuser=True
        )
    )
    response = client.post(
        reverse("admin:login"), {"username": staff.username, "password": "correct-horse-battery"}
    )

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session  # the password alone logged nobody in
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_logged_in_member_who_is_not_staff_is_refused_the_admin_log_in(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("admin:login")).status_code == 403
