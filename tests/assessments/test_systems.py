import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.forms.organisations import AISystemForm
from assessments.models import AISystem, Assessment
from guideline_content.models import GuidelineVersion, RiskTier, Role
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["owner", "editor", "viewer", "outsider", "anonymous"]

SYSTEM_DETAILS = {
    "name": "Loan Letter Writer",
    "purpose": "Drafts letters explaining loan decisions.",
    "models_used": "Llama 3 70B",
    "providers": "In-house, hosted on our own servers",
    "users": "Credit officers",
    "affected_people": "Loan applicants",
    "data_kinds": ["personal", "confidential"],
    "sector": "finance",
    "deployment_status": AISystem.Status.PRODUCTION,
}


def detail_url(system) -> str:
    return reverse("assessments:system_detail", args=[system.pk])


def add_assessments(system, by, count: int) -> list[Assessment]:
    """Assessments in each role and version, some triaged: every kind of row the page shows."""
    versions = list(GuidelineVersion.objects.published())
    made = []
    for n in range(count):
        version = versions[n % len(versions)]
        roles = list(Role.objects.filter(version=version))
        tiers = list(RiskTier.objects.filter(version=version))
        made.append(
            Assessment.objects.create(
                organisation=system.organisation,
                system=system,
                guideline_version=version,
                role=roles[n % len(roles)],
                tier=tiers[n % len(tiers)] if n % 2 else None,
                created_by=by,
            )
        )
    return made


# ---------------------------------------------------------------- access matrix

# (url name, method, POST data, expected status for owner, editor, viewer, outsider, anonymous)
MATRIX = [
    ("system_create", "get", None, (200, 200, 403, 404, LOGIN)),
    ("system_create", "post", SYSTEM_DETAILS, (302, 302, 403, 404, LOGIN)),
    ("system_detail", "get", None, (200, 200, 200, 404, LOGIN)),
    ("system_edit", "get", None, (200, 200, 403, 404, LOGIN)),
    ("system_edit", "post", SYSTEM_DETAILS, (302, 302, 403, 404, LOGIN)),
]


@pytest.mark.parametrize("name, method, data, expected", MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_access_to_system_views(
    client, request, organisation, owner, editor, viewer, outsider, system, name, method, data, expected, role
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    pk = organisation.pk if name == "system_create" else system.pk
    url = reverse(f"assessments:{name}", args=[pk])

    response = getattr(client, method)(url, data or {})

    status = expected[ROLES.index(role)]
    if status == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login")) and "next=" in response.url
    else:
        assert response.status_code == status
    if method == "post" and status != 302:
        assert not AISystem.objects.filter(name=SYSTEM_DETAILS["name"]).exists()


# ---------------------------------------------------------------- register and edit


def test_an_editor_registers_a_system_for_the_organisation(client, organisation, editor):
    client.force_login(editor)

    response = client.post(reverse("assessments:system_create", args=[organisation.pk]), SYSTEM_DETAILS)

    system = AISystem.objects.get(name="Loan Letter Writer")
    assert response.status_code == 302 and response.url == detail_url(system)
    assert system.organisation == organisation
    assert system.data_kinds == ["personal", "confidential"]
    assert system.deployment_status == AISystem.Status.PRODUCTION


def test_the_form_requires_a_known_kind_of_data(client, organisation, editor):
    client.force_login(editor)

    response = client.post(
        reverse("assessments:system_create", args=[organisation.pk]), {**SYSTEM_DETAILS, "data_kinds": []}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and 'id="id_data_kinds_error"' in page
    assert "<legend>Kinds of data it handles</legend>" in page
    assert not AISystem.objects.exists()
    assert not AISystemForm(data={**SYSTEM_DETAILS, "data_kinds": ["gossip"]}).is_valid()


def test_an_editor_edits_the_register_entry(client, system, editor):
    client.force_login(editor)

    response = client.post(
        reverse("assessments:system_edit", args=[system.pk]), {**SYSTEM_DETAILS, "data_kinds": ["public"]}
    )

    assert response.status_code == 302
    system.refresh_from_db()
    assert system.name == "Loan Letter Writer" and system.data_kinds == ["public"]


def test_the_edit_form_shows_the_stored_kinds_of_data_ticked(client, system, editor):
    client.force_login(editor)

    response = client.get(reverse("assessments:system_edit", args=[system.pk]))

    assert response.context["form"]["data_kinds"].value() == ["personal"]
    assert response.content.decode().count("checked") == 1


# ---------------------------------------------------------------- the system page


def test_the_page_shows_the_register_entry_and_the_assessments(client, system, owner, viewer):
    assessment = add_assessments(system, owner, 2)[1]
    client.force_login(viewer)

    page = client.get(detail_url(system)).content.decode()

    assert system.purpose in page and "Personal data" in page and "Pilot" in page
    assert reverse("assessments:assessment_detail", args=[assessment.pk]) in page
    assert assessment.role.name in page
    assert f"<td>{assessment.guideline_version.display_label}</td>" in page
    assert assessment.tier.name in page
    assert "Not triaged yet" in page and "Draft" in page


def test_editors_can_start_an_assessment_in_any_role_and_published_version(client, system, editor):
    client.force_login(editor)

    page = client.get(detail_url(system)).content.decode()

    current = GuidelineVersion.objects.current()
    assert f'action="{reverse("assessments:assessment_start", args=[system.pk])}"' in page
    assert 'name="role"' in page and 'name="version"' in page
    for role in Role.objects.filter(version=current):
        assert f'<option value="{role.code}">{role.name}</option>' in page
    # the newest questionnaire revision of each edition: a superseded one is not offered
    for version in GuidelineVersion.objects.published():
        offered = version in GuidelineVersion.objects.newest_revisions()
        assert (f'<option value="{version.code}"' in page) is offered
    assert f'<option value="{current.code}" selected>' in page
    assert reverse("assessments:system_edit", args=[system.pk]) in page


def test_viewers_cannot_start_or_edit(client, system, viewer):
    client.force_login(viewer)

    page = client.get(detail_url(system)).content.decode()

    assert reverse("assessments:assessment_start", args=[system.pk]) not in page
    assert reverse("assessments:system_edit", args=[system.pk]) not in page


def test_the_system_page_query_count_does_not_grow(client, system, editor, django_assert_num_queries):
    client.force_login(editor)
    add_assessments(system, editor, 2)
    with CaptureQueriesContext(connection) as with_two:
        assert client.get(detail_url(system)).status_code == 200

    add_assessments(system, editor, 8)
    AISystemFactory(organisation=system.organisation)
    with CaptureQueriesContext(connection) as with_ten:
        assert client.get(detail_url(system)).status_code == 200

    assert len(with_two.captured_queries) == len(with_ten.captured_queries)
    # session, user, system with my role, current version, its roles, published versions, assessments
    with django_assert_num_queries(7):
        client.get(detail_url(system))
