"""Auditors. Owners give an auditor read-only access to one submitted assessment or to all of them, and
revoke it; DPO administrators give it to an assessment sent to the DPO. An auditor accepts an invitation
and reads, under `audit/`, only what an active grant covers (404 for everything else, and for anyone who
is not an auditor)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from api import serializers as s
from api.pagination import Cursor, NewestFirst
from api.views.answers import answer_items
from api.views.common import file_download, paginated, problem, problem_code, validated
from api.views.reviews import record
from assessments import downloads, permissions
from assessments.models import AuditorGrant
from assessments.permissions import Action, ReviewAction
from assessments.services import grants as services
from audits import selectors
from reviews.selectors import discussion_of

TAG = "auditors"
NO_SUCH_ASSESSMENT = _("No submitted assessment of this organisation has this id.")
GRANT_EXAMPLE = OpenApiExample(
    "One assessment until year end",
    value={"email": "auditor@audit.example", "assessment": 42, "until": "2026-12-31"},
    request_only=True,
)

DPO_GRANT_EXAMPLE = OpenApiExample(
    "Until year end", value={"email": "auditor@audit.example", "until": "2026-12-31"}, request_only=True
)


def _granted(grant: AuditorGrant) -> Response:
    return Response(s.GrantSerializer(grant).data, status=status.HTTP_201_CREATED)


class OrganisationGrants(APIView):
    @extend_schema(
        operation_id="organisations_auditor_grants_list", tags=[TAG], responses=s.GrantSerializer(many=True),
        description="Every access given to auditors, revoked and ended ones included (owners).",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
        return Response(s.GrantSerializer(selectors.grants_of(organisation), many=True).data)

    @extend_schema(
        operation_id="organisations_auditor_grants_create", tags=[TAG],
        request=s.OrganisationGrantInputSerializer, responses={201: s.GrantSerializer},
        examples=[GRANT_EXAMPLE],
        description="Give an auditor read-only access (owners). An auditor account of that address has it at "
        "once (`accepted` true); anyone else is e-mailed an invitation to accept.",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        organisation = permissions.get_organisation(request.user, pk, Action.MANAGE)
        data = validated(s.OrganisationGrantInputSerializer, data=request.data)
        assessment = None
        if data.get("assessment") is not None:
            assessment = selectors.grantable_assessments(organisation).filter(pk=data["assessment"]).first()
            if assessment is None:
                raise ValidationError({"assessment": [NO_SUCH_ASSESSMENT]})
        grant = services.grant_access(
            organisation=organisation, email=data["email"], assessment=assessment, until=data.get("until"),
            by=request.user,
        )  # fmt: skip
        return _granted(grant)


@extend_schema(
    operation_id="dpo_assessments_auditor_grants_create", tags=["dpo"], request=s.GrantInputSerializer,
    responses={201: s.GrantSerializer},
    examples=[DPO_GRANT_EXAMPLE],
    description="Give an auditor access to an assessment sent to the DPO (DPO administrators); it lasts "
    "while the organisation keeps it sent.",
)  # fmt: skip
@api_view(["POST"])
def dpo_grant(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.GRANT)
    data = validated(s.GrantInputSerializer, data=request.data)
    grant = services.grant_access(
        organisation=assessment.organisation, assessment=assessment, by_dpo=True, email=data["email"],
        until=data.get("until"), by=request.user,
    )  # fmt: skip
    return _granted(grant)


@extend_schema(
    operation_id="auditor_grants_revoke", tags=[TAG], request=None, responses=s.GrantSerializer,
    description="End an access now (the organisation's owners; DPO administrators for what the DPO gave).",
)  # fmt: skip
@api_view(["POST"])
def revoke(request: Request, pk: int) -> Response:
    grant = permissions.get_grant_to_revoke(request.user, pk)
    return Response(s.GrantSerializer(services.revoke_grant(grant=grant, by=request.user)).data)


# ---------------------------------------------------------------- the auditor's side


def _require_auditor(user: User) -> None:
    if user.kind != User.Kind.AUDITOR:
        raise Http404  # the auditor's paths do not exist for anyone else


@extend_schema(
    operation_id="audit_grants_list", tags=[TAG], responses=s.HeldGrantSerializer(many=True),
    description="The access you hold as an auditor, ended and revoked ones included.",
)  # fmt: skip
@api_view(["GET"])
def held_grants(request: Request) -> Response:
    _require_auditor(request.user)
    return Response(s.HeldGrantSerializer(selectors.grants_held_by(request.user), many=True).data)


@extend_schema(
    operation_id="audit_invitations_accept", tags=[TAG], request=s.AcceptInputSerializer,
    responses={200: s.HeldGrantSerializer, problem_code(404): problem("No invitation has this token.")},
    examples=[OpenApiExample("The link's token", value={"token": "k3J9…"}, request_only=True)],
    description="Accept an access you were invited to, with the account of the address it was sent to. "
    "The account becomes an auditor account, which must use two-factor authentication from then on.",
)  # fmt: skip
@api_view(["POST"])
def accept(request: Request) -> Response:
    data = validated(s.AcceptInputSerializer, data=request.data)
    # Found by its secret token, as the web page does: the invitation is how an auditor gets in; the
    # service checks that it is open and addressed to this user.
    invitations = AuditorGrant.objects.select_related("organisation", "assessment__system")
    grant = get_object_or_404(invitations, token=data["token"])
    grant = services.accept_grant(grant=grant, user=request.user)
    return Response(s.HeldGrantSerializer(grant).data)


class AuditedAssessments(APIView):
    pagination_class = Cursor

    @extend_schema(
        operation_id="audit_assessments_list", tags=[TAG], responses=s.RecordAssessmentSerializer(many=True),
        description="The assessments your active grants cover, newest first.",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        _require_auditor(request.user)
        audited = permissions.audited_assessments_for(request.user)
        return paginated(self, request, audited, s.RecordAssessmentSerializer)


@extend_schema(
    operation_id="audit_assessments_retrieve", tags=[TAG], responses=s.ReviewRecordSerializer,
    description="The record of an audited assessment: system, tier and why, result and reports.",
)  # fmt: skip
@api_view(["GET"])
def audited_record(request: Request, pk: int) -> Response:
    assessment = permissions.get_audited_assessment(request.user, pk)
    return Response(record(assessment, audience="auditor", user=request.user))


@extend_schema(
    operation_id="audit_assessments_answers_list", tags=[TAG], responses=s.AnswerSerializer(many=True),
    description="Every applicable question with its answer; evidence downloads at `audit_evidence_download`.",
)  # fmt: skip
@api_view(["GET"])
def audited_answers(request: Request, pk: int) -> Response:
    assessment = permissions.get_audited_assessment(request.user, pk)
    return Response(s.AnswerSerializer(answer_items(assessment), many=True).data)


@extend_schema(
    operation_id="audit_assessments_comments_list", tags=[TAG], responses=s.ThreadSerializer(many=True)
)
@api_view(["GET"])
def audited_comments(request: Request, pk: int) -> Response:
    assessment = permissions.get_audited_assessment(request.user, pk)
    threads = discussion_of(assessment).threads
    return Response(s.ThreadSerializer(threads, many=True, context={"audience": "auditor"}).data)


class AuditedEvents(APIView):
    pagination_class = NewestFirst

    @extend_schema(
        operation_id="audit_assessments_events_list", tags=[TAG], responses=s.EventSerializer(many=True),
        description="What happened to the assessment, newest first.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_audited_assessment(request.user, pk)
        return paginated(self, request, assessment.events.select_related("actor"), s.EventSerializer)


@extend_schema(
    operation_id="audit_evidence_download", tags=[TAG], responses={(200, "*/*"): OpenApiTypes.BINARY},
    description="An evidence file of an audited assessment; the download is recorded.",
)  # fmt: skip
@api_view(["GET"])
@file_download
def evidence_download(request: Request, pk: int) -> FileResponse:
    return downloads.evidence_file(permissions.get_audited_evidence(request.user, pk), by=request.user)


@extend_schema(
    operation_id="audit_reports_download", tags=[TAG],
    responses={(200, "application/pdf"): OpenApiTypes.BINARY},
)  # fmt: skip
@api_view(["GET"])
@file_download
def report_download(request: Request, pk: int) -> FileResponse:
    return downloads.report_file(permissions.get_audited_report(request.user, pk), by=request.user)


@extend_schema(
    operation_id="audit_reports_package_download", tags=[TAG],
    responses={(200, "application/zip"): OpenApiTypes.BINARY},
    description="The auditor package: the PDF, answers.json, every evidence file and MANIFEST.sha256.",
)  # fmt: skip
@api_view(["GET"])
@file_download
def package_download(request: Request, pk: int) -> FileResponse:
    report = permissions.get_audited_report(request.user, pk)
    return downloads.report_file(report, by=request.user, package=True)
