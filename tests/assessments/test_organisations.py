from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.forms.organisations import OrganisationForm
from assessments.models import AuditorGrant, Invitation, Membership, Organisation
from tests.factories import AISystemFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # expected: sent to the login page, and back afterwards
ROLES = ["owner", "editor", "viewer", "outsider", "anonymous"]

ORGANISATION_DETAILS = {
    "name": "Kowloon Logistics Limited",
    "business_registration_number": "12345678",
    "sector": "logistics",
    "size": Organisation.Size.MEDIUM,
    "contact_name": "Wong Siu Ming",
    "contact_email": "compliance@kowloon-logistics.example",
    "contact_phone": "+852 2345 6789",
}


def detail_url(organisation) -> str:
    return reverse("assessments:organisation_detail", args=[organisation.pk])


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def invitation(organisation, owner):
    return Invitation.objects.create(
        organisation=organisation, email="newcomer@example.org", role=Membership.Role.EDITOR, invited_by=owner
    )


# ---------------------------------------------------------------- access matrix

# (url name, method, POST data, expected status for owner, editor, viewer, outsider, anonymous)
MATRIX = [
    ("organisation_create", "get", None, (200, 200, 200, 200, LOGIN)),
    ("organisation_detail", "get", None, (200, 200, 200, 404, LOGIN)),
    ("organisation_edit", "get", None, (200, 403, 403, 404, LOGIN)),
    ("organisation_edit", "post", ORGANISATION_DETAILS, (302, 403, 403, 404, LOGIN)),
    ("member_invite", "post", {"email": "new@example.org", "role": "viewer"}, (302, 403, 403, 404, LOGIN)),
    ("member_role", "post", {"role": "editor"}, (302, 403, 403, 404, LOGIN)),
    ("member_remove", "post", {}, (302, 403, 403, 404, LOGIN)),
    # Not tenant data: the invitation is how someone outside the organisation gets in.
    ("accept_invitation", "get", None, (200, 200, 200, 200, LOGIN)),
]


def _args(name, organisation, target: Membership, invitation: Invitation) -> list:
    if name == "organisation_create":
        return []
    if name in ("member_role", "member_remove"):
        return [organisation.pk, target.pk]
    if name == "accept_invitation":
        return [invitation.token]
    return [organisation.pk]


@pytest.mark.parametrize("name, method, data, expected", MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_access_to_organisation_views(
    client,
    request,
    organisation,
    owner,
    editor,
    viewer,
    outsider,
    invitation,
    name,
    method,
    data,
    expected,
    role,
):
    target = membership_of(viewer, organisation)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(f"assessments:{name}", args=_args(name, organisation, target, invitation))

    response = getattr(client, method)(url, data or {})

    status = expected[ROLES.index(role)]
    if status == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login")) and "next=" in response.url
    else:
        assert response.status_code == status
    if name == "member_remove" and status != 302:
        assert Membership.objects.filter(pk=target.pk).exists()
    if name == "member_role" and status != 302:
        assert membership_of(viewer, organisation).role == Membership.Role.VIEWER


@pytest.mark.parametrize("name", ["member_invite", "member_role", "member_remove"])
def test_post_only_views_refuse_get(client, organisation, owner, name):
    client.force_login(owner)
    args = (
        [organisation.pk]
        if name == "member_invite"
        else [organisation.pk, membership_of(owner, organisation).pk]
    )
    assert client.get(reverse(f"assessments:{name}", args=args)).status_code == 405


# ---------------------------------------------------------------- creating and editing


def test_creating_an_organisation_makes_the_creator_its_owner(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("assessments:organisation_create"), ORGANISATION_DETAILS)

    organisation = Organisation.objects.get(name="Kowloon Logistics Limited")
    assert response.status_code == 302
    assert response.url == detail_url(organisation)
    assert membership_of(user, organisation).role == Membership.Role.OWNER
    assert organisation.business_registration_number == "12345678"


@pytest.mark.parametrize("brn", ["1234567", "123456789", "1234567A", "12 345 678", "１２３４５６７８"])
def test_a_business_registration_number_must_be_exactly_eight_digits(brn):
    form = OrganisationForm(data={**ORGANISATION_DETAILS, "business_registration_number": brn})
    assert not form.is_valid()
    assert "business_registration_number" in form.errors


@pytest.mark.parametrize("brn", ["", "12345678", " 12345678 "])
def test_a_business_registration_number_is_optional_and_accepted_when_eight_digits(brn):
    form = OrganisationForm(data={**ORGANISATION_DETAILS, "business_registration_number": brn})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_registration_number"] == brn.strip()


def test_an_invalid_registration_number_is_announced_and_nothing_is_created(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("assessments:organisation_create"),
        {**ORGANISATION_DETAILS, "business_registration_number": "12AB"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and "8 digits" in page
    assert 'aria-invalid="true"' in page
    assert (
        'aria-describedby="id_business_registration_number_helptext id_business_registration_number_error"'
        in page
    )
    assert not Organisation.objects.filter(name=ORGANISATION_DETAILS["name"]).exists()


def test_line_breaks_in_the_name_are_folded_into_one_line():
    form = OrganisationForm(data={**ORGANISATION_DETAILS, "name": "Kowloon\r\nLogistics  Limited"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Kowloon Logistics Limited"


def test_an_owner_can_edit_the_organisation(client, organisation, owner):
    client.force_login(owner)

    response = client.post(
        reverse("assessments:organisation_edit", args=[organisation.pk]), ORGANISATION_DETAILS
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Kowloon Logistics Limited"
    assert organisation.contact_phone == "+852 2345 6789"


# ---------------------------------------------------------------- the organisation page


def test_the_page_shows_details_members_invitations_and_systems(
    client, organisation, owner, editor, invitation
):
    system = AISystemFactory(organisation=organisation, name="Claims Triage Bot")
    client.force_login(editor)

    page = client.get(detail_url(organisation)).content.decode()

    assert organisation.name in page and organisation.contact_name in page
    assert owner.email in page and editor.email in page
    assert invitation.email in page
    assert reverse("assessments:system_detail", args=[system.pk]) in page
    assert "Claims Triage Bot" in page


def test_owners_see_the_invite_form_role_selects_and_remove_buttons(client, organisation, owner, viewer):
    client.force_login(owner)

    page = client.get(detail_url(organisation)).content.decode()
    viewer_membership = membership_of(viewer, organisation)

    assert reverse("assessments:member_invite", args=[organisation.pk]) in page
    assert reverse("assessments:member_role", args=[organisation.pk, viewer_membership.pk]) in page
    assert reverse("assessments:member_remove", args=[organisation.pk, viewer_membership.pk]) in page
    assert f'<label for="id_role_{viewer_membership.pk}"' in page
    assert reverse("assessments:organisation_edit", args=[organisation.pk]) in page


def test_editors_may_register_systems_but_not_manage_members(client, organisation, editor, viewer):
    client.force_login(editor)

    page = client.get(detail_url(organisation)).content.decode()

    assert "Register an AI system" in page
    assert reverse("assessments:system_create", args=[organisation.pk]) in page
    assert reverse("assessments:member_invite", args=[organisation.pk]) not in page
    assert "/role/" not in page and "/remove/" not in page


def test_viewers_only_read(client, organisation, viewer):
    client.force_login(viewer)

    page = client.get(detail_url(organisation)).content.decode()

    assert reverse("assessments:system_create", args=[organisation.pk]) not in page
    assert reverse("assessments:member_invite", args=[organisation.pk]) not in page
    assert reverse("assessments:organisation_edit", args=[organisation.pk]) not in page


def test_expired_and_accepted_invitations_are_not_listed(client, organisation, owner):
    Invitation.objects.create(
        organisation=organisation,
        email="late@example.org",
        role="viewer",
        expires_at=timezone.now() - timedelta(1),
    )
    Invitation.objects.create(
        organisation=organisation, email="joined@example.org", role="viewer", accepted_at=timezone.now()
    )
    client.force_login(owner)

    page = client.get(detail_url(organisation)).content.decode()

    assert "late@example.org" not in page and "joined@example.org" not in page


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _grow(organisation, count: int) -> None:
    for n in range(count):
        MembershipFactory(organisation=organisation, role=Membership.Role.VIEWER)
        AISystemFactory(organisation=organisation)
        Invitation.objects.create(organisation=organisation, email=f"pending{n}@example.org", role="viewer")
        AuditorGrant.objects.create(
            organisation=organisation,
            email=f"auditor{n}@example.org",
            granted_by=organisation.memberships.first().user,
        )


def test_the_organisation_page_query_count_does_not_grow(
    client, organisation, owner, django_assert_num_queries
):
    client.force_login(owner)
    _grow(organisation, 2)
    with_two = _queries_for(client, detail_url(organisation))

    _grow(organisation, 8)
    with_ten = _queries_for(client, detail_url(organisation))

    assert with_two == with_ten
    # session, user, organisation with my role, memberships with users, invitations, systems, auditors'
    # grants, and the submitted assessments an owner may open to an auditor
    with django_assert_num_queries(8):
        client.get(detail_url(organisation))


# ---------------------------------------------------------------- invitations


def _invite(client, organisation, email="newcomer@example.org", role="editor"):
    return client.post(
        reverse("assessments:member_invite", args=[organisation.pk]),
        {"email": email, "role": role},
        follow=True,
    )


def test_inviting_sends_a_bilingual_email_with_the_link_after_commit(
    client, organisation, owner, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _invite(client, organisation, email="Newcomer@Example.org")

    invitation = Invitation.objects.get(organisation=organisation)
    assert len(callbacks) == 1
    assert invitation.email == "newcomer@example.org" and invitation.role == Membership.Role.EDITOR
    assert invitation.invited_by == owner
    assert any("invitation was sent" in m for m in messages_of(response))
    [mail] = mailoutbox
    assert mail.to == ["newcomer@example.org"]
    assert organisation.name in mail.subject and "邀請" in mail.subject
    accept_url = reverse("assessments:accept_invitation", args=[invitation.token])
    assert f"https://portal.example.org{accept_url}" in mail.body
    assert "Editor" in mail.body and "編輯" in mail.body
    assert "&amp;" not in mail.body


def test_the_email_is_not_sent_before_the_transaction_commits(
    client, organisation, owner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=False):
        _invite(client, organisation)

    assert mailoutbox == []


def test_inviting_the_same_address_twice_is_refused_with_a_message(
    client, organisation, owner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, organisation)
        response = _invite(client, organisation, email="NEWCOMER@example.org", role="owner")

    assert "newcomer@example.org has already been invited." in messages_of(response)
    assert Invitation.objects.filter(organisation=organisation).count() == 1
    assert len(mailoutbox) == 1


def test_inviting_a_member_is_refused_with_a_message(client, organisation, owner, viewer):
    client.force_login(owner)

    response = _invite(client, organisation, email=viewer.email)

    assert f"{viewer.email} is already a member." in messages_of(response)
    assert not Invitation.objects.exists()


def test_an_invalid_invitation_is_shown_with_its_errors(client, organisation, owner):
    client.force_login(owner)

    response = _invite(client, organisation, email="not an address", role="emperor")

    page = response.content.decode()
    assert response.status_code == 400  # refused: shown again with what was typed
    assert 'role="alert"' in page and 'id="id_email_error"' in page and 'id="id_role_error"' in page
    assert not Invitation.objects.exists()


def test_the_invitation_page_shows_the_organisation_and_role(client, organisation, invitation):
    client.force_login(UserFactory(email="newcomer@example.org"))

    response = client.get(reverse("assessments:accept_invitation", args=[invitation.token]))

    page = response.content.decode()
    assert organisation.name in page and "Editor" in page
    assert '<form method="post">' in page and "Accept and join" in page


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, invitation):
    url = reverse("assessments:accept_invitation", args=[invitation.token])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_an_unknown_token_is_not_found(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("assessments:accept_invitation", args=["no-such-token"])).status_code == 404


def test_accepting_makes_the_invitee_a_member_with_the_invited_role(client, organisation, invitation):
    newcomer = UserFactory(email="NewComer@example.org")
    client.force_login(newcomer)

    response = client.post(reverse("assessments:accept_invitation", args=[invitation.token]))

    assert response.status_code == 302 and response.url == detail_url(organisation)
    assert membership_of(newcomer, organisation).role == Membership.Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None


def test_accepting_with_another_email_is_refused(client, organisation, invitation, outsider):
    client.force_login(outsider)

    response = client.post(reverse("assessments:accept_invitation", args=[invitation.token]), follow=True)

    assert any("was sent to newcomer@example.org" in m for m in messages_of(response))
    assert not Membership.objects.filter(organisation=organisation, user=outsider).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert "Accept and join" not in response.content.decode()


def test_an_expired_invitation_is_refused(client, organisation, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(newcomer)

    response = client.post(reverse("assessments:accept_invitation", args=[invitation.token]), follow=True)

    assert "This invitation has expired or has already been used." in messages_of(response)
    assert not Membership.objects.filter(organisation=organisation, user=newcomer).exists()
    assert "Accept and join" not in response.content.decode()


def test_an_invitation_is_used_only_once(client, organisation, invitation):
    client.force_login(UserFactory(email="newcomer@example.org"))
    url = reverse("assessments:accept_invitation", args=[invitation.token])
    client.post(url)

    response = client.post(url, follow=True)

    assert "This invitation has expired or has already been used." in messages_of(response)
    assert organisation.memberships.count() == 2  # the owner and the newcomer


# ---------------------------------------------------------------- roles and removal


def _change_role(client, organisation, user, role):
    url = reverse("assessments:member_role", args=[organisation.pk, membership_of(user, organisation).pk])
    return client.post(url, {"role": role}, follow=True)


def _remove(client, organisation, user):
    url = reverse("assessments:member_remove", args=[organisation.pk, membership_of(user, organisation).pk])
    return client.post(url, follow=True)


def test_an_owner_can_change_a_members_role(client, organisation, owner, viewer):
    client.force_login(owner)

    response = _change_role(client, organisation, viewer, "editor")

    assert membership_of(viewer, organisation).role == Membership.Role.EDITOR
    assert f"{viewer.email} is now: Editor." in messages_of(response)


def test_an_unknown_role_is_refused(client, organisation, owner, viewer):
    client.force_login(owner)

    response = _change_role(client, organisation, viewer, "emperor")

    assert membership_of(viewer, organisation).role == Membership.Role.VIEWER
    assert "Choose one of the listed roles." in messages_of(response)


def test_the_last_owner_cannot_be_demoted_and_the_page_says_so(client, organisation, owner):
    client.force_login(owner)

    response = _change_role(client, organisation, owner, "editor")

    assert membership_of(owner, organisation).role == Membership.Role.OWNER
    page = response.content.decode()
    assert "An organisation always keeps an owner: make someone else an owner first." in page
    assert "The only owner" in page


def test_the_last_owner_cannot_be_removed(client, organisation, owner):
    client.force_login(owner)

    response = _remove(client, organisation, owner)

    assert membership_of(owner, organisation).role == Membership.Role.OWNER
    assert "An organisation always keeps an owner: make someone else an owner first." in messages_of(response)


def test_the_only_owner_is_shown_without_demote_or_remove_controls(client, organisation, owner):
    client.force_login(owner)
    own = membership_of(owner, organisation)

    page = client.get(detail_url(organisation)).content.decode()

    assert reverse("assessments:member_role", args=[organisation.pk, own.pk]) not in page
    assert reverse("assessments:member_remove", args=[organisation.pk, own.pk]) not in page
    assert "The only owner" in page


def test_with_a_second_owner_an_owner_can_step_down(client, organisation, owner, editor):
    client.force_login(owner)
    _change_role(client, organisation, editor, "owner")

    _change_role(client, organisation, owner, "viewer")

    assert membership_of(owner, organisation).role == Membership.Role.VIEWER
    assert membership_of(editor, organisation).role == Membership.Role.OWNER


def test_an_owner_can_remove_a_member(client, organisation, owner, viewer):
    client.force_login(owner)

    response = _remove(client, organisation, viewer)

    assert not Membership.objects.filter(organisation=organisation, user=viewer).exists()
    assert f"{viewer.email} was removed from {organisation.name}." in messages_of(response)


def test_an_owner_who_leaves_is_sent_to_the_dashboard(client, organisation, owner, editor):
    MembershipFactory(organisation=organisation, role=Membership.Role.OWNER)
    client.force_login(owner)
    url = reverse("assessments:member_remove", args=[organisation.pk, membership_of(owner, organisation).pk])

    response = client.post(url)

    assert response.status_code == 302 and response.url == reverse("assessments:dashboard")
    assert not Membership.objects.filter(organisation=organisation, user=owner).exists()


def test_an_editor_cannot_remove_another_member(client, organisation, editor, viewer):
    client.force_login(editor)
    url = reverse("assessments:member_remove", args=[organisation.pk, membership_of(viewer, organisation).pk])

    assert client.post(url).status_code == 403
    assert Membership.objects.filter(organisation=organisation, user=viewer).exists()


@pytest.mark.parametrize("name", ["member_role", "member_remove"])
def test_a_membership_of_another_organisation_is_not_found(client, organisation, owner, name):
    elsewhere = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.VIEWER)
    client.force_login(owner)

    response = client.post(
        reverse(f"assessments:{name}", args=[organisation.pk, elsewhere.pk]), {"role": "owner"}
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.role == Membership.Role.VIEWER
