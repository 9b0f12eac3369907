"""Assessments: list with filters, start, read, triage, submit, copy; their events and results."""

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.exceptions import Problem
from api.pagination import Cursor, NewestFirst
from api.views.common import paginated, validated
from assessments import permissions
from assessments.permissions import Action
from assessments.services import assessments as services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import progress_for
from guideline_content.models import GuidelineVersion

TAG = "assessments"


def _read(assessment) -> dict:
    return s.AssessmentSerializer(assessment, context={"progress": progress_for([assessment])}).data


def read_assessment(user, pk: int) -> dict:
    """The assessment as it is now (after a move), as the member reads it."""
    return _read(permissions.get_assessment(user, pk))


def _published_version(code: str | None, field: str = "guideline_version") -> GuidelineVersion:
    versions = GuidelineVersion.objects.published()
    version = versions.filter(code=code).first() if code else versions.current()
    if version is None:
        raise ValidationError({field: ["There is no published guideline version with this code."]})
    return version


class ProgressCursor(Cursor):
    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        view.progress = progress_for(page)
        return page


class AssessmentList(APIView):
    pagination_class = ProgressCursor

    @extend_schema(
        operation_id="assessments_list", tags=[TAG], parameters=[s.AssessmentFilterSerializer],
        responses=s.AssessmentSerializer(many=True),
        description="Assessments of your organisations, newest first, filtered by the parameters given.",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        filters = validated(s.AssessmentFilterSerializer, data=request.query_params.dict())
        wanted = {
            "organisation": "organisation_id", "system": "system_id", "status": "status",
            "role": "role__code", "guideline_version": "guideline_version__code",
        }  # fmt: skip
        lookups = {wanted[k]: v for k, v in filters.items()}
        assessments = permissions.assessments_for(request.user).filter(**lookups)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(assessments, request, view=self)
        serializer = s.AssessmentSerializer(page, many=True, context={"progress": self.progress})
        return paginator.get_paginated_response(serializer.data)

    @extend_schema(
        operation_id="assessments_create", tags=[TAG], request=s.AssessmentInputSerializer,
        responses={201: s.AssessmentSerializer},
        examples=[OpenApiExample("Provider", value={"system": 7, "role": "provider"}, request_only=True)],
        description="Start a draft assessment of an AI system in one role (owners and editors).",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated(s.AssessmentInputSerializer, data=request.data)
        try:
            system = permissions.get_system(request.user, data["system"], Action.EDIT)
        except Http404:
            raise ValidationError({"system": ["You have no AI system with this id."]}) from None
        version = _published_version(data.get("guideline_version"))
        assessment = services.start_assessment(
            system=system, role_code=data["role"], version=version, by=request.user
        )
        return Response(_read(permissions.get_assessment(request.user, assessment.pk)), status=201)


@extend_schema(operation_id="assessments_retrieve", tags=[TAG], responses=s.AssessmentSerializer)
@api_view(["GET"])
def assessment_detail(request: Request, pk: int) -> Response:
    return Response(_read(permissions.get_assessment(request.user, pk)))


def _triage(assessment) -> dict:
    return {
        "tier": assessment.tier.code,
        "tier_rules": assessment.tier_rules,
        "reasons": services.tier_reasons(assessment),
        "facts": assessment.triage_facts,
    }


COPY_EXAMPLE = OpenApiExample(
    "Onto version 1.1", value={"guideline_version": "hk-genai-2025-12"}, request_only=True
)
TRIAGE_EXAMPLE = OpenApiExample(
    "A public chatbot with personal data",
    value={"facts": {
        "sector": "finance", "harms_safety": False, "manipulation": False, "critical_use": False,
        "agentic": False, "decisions_about_people": False, "serves_public": True, "minors": False,
        "generates_media": False, "personal_data": True, "trains_models": False,
        "third_party_model": True, "retrieval": True,
    }},
    request_only=True,
)  # fmt: skip


class Triage(APIView):
    @extend_schema(
        operation_id="assessments_triage_retrieve", tags=[TAG], responses=s.TriageSerializer,
        description="The triage answers, the risk tier they decide and why (404 before triage).",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk)
        if not assessment.triage_done:
            raise Problem(404, "not-triaged", "Not triaged yet", "This assessment has no triage answers yet.")
        return Response(_triage(assessment))

    @extend_schema(
        operation_id="assessments_triage_update", tags=[TAG], request=s.TriageInputSerializer,
        responses=s.TriageSerializer, examples=[TRIAGE_EXAMPLE],
        description="Answer every triage question of the assessment's guideline version (see "
        "`guideline_triage_questions_list`); the tier decides which questions apply.",
    )  # fmt: skip
    def put(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
        data = validated(s.TriageInputSerializer, data=request.data)
        assessment = services.save_triage(assessment=assessment, answers=data["facts"], by=request.user)
        return Response(_triage(assessment))


@extend_schema(
    operation_id="assessments_submit", tags=[TAG], request=None, responses=s.AssessmentSerializer,
    description="Submit a complete draft (owners); the answers lock and a worker scores it.",
)  # fmt: skip
@api_view(["POST"])
def submit(request: Request, pk: int) -> Response:
    assessment = permissions.get_assessment(request.user, pk, Action.SUBMIT)
    services.submit_assessment(assessment=assessment, by=request.user)
    return Response(_read(permissions.get_assessment(request.user, pk)))


@extend_schema(
    operation_id="assessments_copy", tags=[TAG], request=s.CopyInputSerializer,
    responses={201: s.AssessmentSerializer},
    examples=[COPY_EXAMPLE],
    description="Start a new draft from this assessment on the same or a newer guideline version; "
    "answers to changed questions are marked `needs_recheck`.",
)  # fmt: skip
@api_view(["POST"])
def copy(request: Request, pk: int) -> Response:
    source = permissions.get_assessment(request.user, pk)
    permissions.get_system(request.user, source.system_id, Action.EDIT)
    data = validated(s.CopyInputSerializer, data=request.data)
    version = _published_version(data["guideline_version"])
    new = services.copy_assessment(source=source, version=version, by=request.user)
    return Response(_read(permissions.get_assessment(request.user, new.pk)), status=status.HTTP_201_CREATED)


class EventList(APIView):
    pagination_class = NewestFirst

    @extend_schema(
        operation_id="assessments_events_list", tags=["audit"], responses=s.EventSerializer(many=True),
        description="What happened to the assessment, newest first.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk)
        return paginated(self, request, assessment.events.select_related("actor"), s.EventSerializer)


@extend_schema(
    operation_id="assessments_result_retrieve", tags=["results"], responses=s.ResultSerializer,
    description="The score of the assessment's current revision (404 until a worker has scored it).",
)  # fmt: skip
@api_view(["GET"])
def result(request: Request, pk: int) -> Response:
    assessment = permissions.get_assessment(request.user, pk)
    stored = None if assessment.is_draft else scoring_services.current_result(assessment)
    if stored is None:
        raise Problem(404, "not-scored", "Not scored yet", "Submitted assessments are scored by a worker.")
    return Response(s.ResultSerializer(result_data(stored)).data)


def result_data(stored) -> dict:
    """A stored result as `ResultSerializer` reads it."""
    detail = stored.detail
    return {
        **{f: getattr(stored, f) for f in ("revision", "method_version", "tier", "overall", "rating")},
        "uncapped_rating": stored.uncapped_rating,
        "capped_by": stored.capped_by,
        "dimensions": detail["dimensions"],
        "principles": detail["principles"],
        "gaps": detail["gaps"],
        "created_at": stored.created_at,
    }


@extend_schema(
    operation_id="assessments_rescore", tags=["results"], request=None, responses={202: None},
    description="Score a submitted assessment again under the current method (owners).",
)  # fmt: skip
@api_view(["POST"])
def rescore(request: Request, pk: int) -> Response:
    assessment = permissions.get_assessment(request.user, pk, Action.RESCORE)
    if assessment.is_draft:
        raise Problem(
            409,
            "rule-refused",
            "The portal's rules refuse this request.",
            "Only submitted assessments are scored.",
        )
    scoring_services.request_rescore(assessment=assessment, by=request.user)
    return Response(status=status.HTTP_202_ACCEPTED)
