"""The signed-in user, their organisations, members, invitations and AI systems."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.pagination import Cursor
from api.views.common import paginated, validated
from assessments import permissions
from assessments.permissions import Action
from assessments.services import organisations as services


@extend_schema(operation_id="me_retrieve", tags=["account"], responses=s.MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    user.organisations = permissions.organisations_for(user)
    return Response(s.MeSerializer(user, context={"token": request.auth}).data)


ORGANISATION_EXAMPLE = OpenApiExample(
    "A bank",
    value={
        "name": "Harbour Bank Limited", "business_registration_number": "12345678", "sector": "finance",
        "size": "large", "contact_name": "Chan Tai Man", "contact_email": "ai-governance@example.org",
        "contact_phone": "+852 2123 4567",
    },
    request_only=True,
)  # fmt: skip


SYSTEM_EXAMPLE = OpenApiExample(
    "A chatbot",
    value={
        "name": "Enquiry assistant", "purpose": "Answers customers' questions about their accounts.",
        "models_used": "A hosted large language model", "providers": "A cloud AI platform",
        "users": "Retail customers", "affected_people": "Customers asking about their accounts",
        "data_kinds": ["personal"], "sector": "finance", "deployment_status": "pilot",
    },
    request_only=True,
)  # fmt: skip
INVITATION_EXAMPLE = OpenApiExample(
    "An editor", value={"email": "colleague@example.org", "role": "editor"}, request_only=True
)


class OrganisationList(APIView):
    @extend_schema(
        operation_id="organisations_list",
        tags=["organisations"],
        responses=s.OrganisationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        organisations = permissions.organisations_for(request.user).order_by("name", "pk")
        return Response(s.OrganisationSerializer(organisations, many=True).data)

    @extend_schema(
        operation_id="organisations_create", tags=["organisations"], request=s.OrganisationInputSerializer,
        responses={201: s.OrganisationSerializer}, examples=[ORGANISATION_EXAMPLE],
        description="Create an organisation; you become its first owner.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated(s.OrganisationInputSerializer, data=request.data)
        organisation = services.create_organisation(by=request.user, **data)
        organisation = permissions.get_organisation(request.user, organisation.pk)
        return Response(s.OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetail(APIView):
    @extend_schema(
        operation_id="organisations_retrieve", tags=["organisations"], responses=s.OrganisationSerializer
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.OrganisationSerializer(permissions.get_organisation(request.user, pk)).data)

    @extend_schema(
        operation_id="organisations_partial_update", tags=["organisations"],
        request=s.OrganisationInputSerializer, responses=s.OrganisationSerializer,
        description="Change the organisation's details (owners).",
    )  # fmt: skip
    def patch(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
        data = validated(s.OrganisationInputSerializer, organisation, data=request.data, partial=True)
        services.update_organisation(organisation=organisation, **data)
        return Response(s.OrganisationSerializer(organisation).data)


@extend_schema(
    operation_id="organisations_members_list", tags=["organisations"], responses=s.MemberSerializer(many=True)
)
@api_view(["GET"])
def member_list(request: Request, pk: int) -> Response:
    organisation = permissions.get_organisation(request.user, pk)
    return Response(s.MemberSerializer(organisation.memberships.select_related("user"), many=True).data)


class MemberDetail(APIView):
    def _membership(self, request: Request, pk: int, member_pk: int):
        organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
        return get_object_or_404(organisation.memberships.select_related("user"), pk=member_pk)

    @extend_schema(
        operation_id="organisations_members_partial_update", tags=["organisations"],
        request=s.MemberRoleInputSerializer, responses=s.MemberSerializer,
        description="Change a member's role (owners). The last owner cannot stop being one.",
    )  # fmt: skip
    def patch(self, request: Request, pk: int, member_pk: int) -> Response:
        membership = self._membership(request, pk, member_pk)
        data = validated(s.MemberRoleInputSerializer, data=request.data)
        membership = services.change_member_role(membership=membership, by=request.user, **data)
        return Response(s.MemberSerializer(membership).data)

    @extend_schema(
        operation_id="organisations_members_destroy", tags=["organisations"], responses={204: None}
    )
    def delete(self, request: Request, pk: int, member_pk: int) -> Response:
        services.remove_member(membership=self._membership(request, pk, member_pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationList(APIView):
    @extend_schema(
        operation_id="organisations_invitations_list", tags=["organisations"],
        responses=s.InvitationSerializer(many=True), description="Invitations sent (owners).",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
        return Response(s.InvitationSerializer(organisation.invitations.all(), many=True).data)

    @extend_schema(
        operation_id="organisations_invitations_create", tags=["organisations"],
        request=s.InvitationInputSerializer, responses={201: s.InvitationSerializer},
        examples=[INVITATION_EXAMPLE],
        description="Invite someone by e-mail (owners); the e-mail is sent by a worker.",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
        data = validated(s.InvitationInputSerializer, data=request.data)
        invitation = services.invite_member(organisation=organisation, by=request.user, **data)
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class SystemList(APIView):
    pagination_class = Cursor

    @extend_schema(
        operation_id="organisations_systems_list", tags=["systems"], responses=s.AISystemSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk)
        return paginated(self, request, organisation.systems.all(), s.AISystemSerializer)

    @extend_schema(
        operation_id="organisations_systems_create", tags=["systems"], request=s.AISystemInputSerializer,
        responses={201: s.AISystemSerializer}, examples=[SYSTEM_EXAMPLE],
        description="Register an AI system (owners and editors).",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk, Action.EDIT)
        data = validated(s.AISystemInputSerializer, data=request.data)
        system = services.save_system(organisation=organisation, **data)
        return Response(s.AISystemSerializer(system).data, status=status.HTTP_201_CREATED)


class SystemDetail(APIView):
    @extend_schema(operation_id="systems_retrieve", tags=["systems"], responses=s.AISystemSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.AISystemSerializer(permissions.get_system(request.user, pk)).data)

    @extend_schema(
        operation_id="systems_partial_update", tags=["systems"], request=s.AISystemInputSerializer,
        responses=s.AISystemSerializer,
    )  # fmt: skip
    def patch(self, request: Request, pk: int) -> Response:
        system = permissions.get_system(request.user, pk, Action.EDIT)
        data = validated(s.AISystemInputSerializer, system, data=request.data, partial=True)
        system = services.save_system(organisation=system.organisation, system=system, **data)
        return Response(s.AISystemSerializer(system).data)
