"""The guideline's published versions and content: public, read-only, in the request's language."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.pagination import Cursor
from api.views.common import paginated, validated
from guideline_content.models import (
    AnswerScheme,
    Dimension,
    GuidelineVersion,
    Principle,
    Question,
    RiskTier,
    Role,
)
from guideline_content.selectors import obligations_of, published_version, triage_questions_of

TAG = "guideline"


class OrderedCursor(Cursor):
    ordering = ("order", "pk")


@extend_schema(
    operation_id="guideline_versions_list", tags=[TAG], responses=s.GuidelineVersionSerializer(many=True)
)
@api_view(["GET"])
@permission_classes([AllowAny])
def version_list(request: Request) -> Response:
    versions = GuidelineVersion.objects.published()
    current = versions.current()
    context = {"current_id": current.pk if current else None}
    return Response(s.GuidelineVersionSerializer(versions, many=True, context=context).data)


@extend_schema(
    operation_id="guideline_versions_retrieve", tags=[TAG], responses=s.GuidelineVersionDetailSerializer
)
@api_view(["GET"])
@permission_classes([AllowAny])
def version_detail(request: Request, code: str) -> Response:
    version = published_version(code)
    version.roles = Role.objects.filter(version=version)
    version.dimensions = Dimension.objects.filter(version=version)
    version.principles = Principle.objects.filter(version=version)
    version.tiers = RiskTier.objects.filter(version=version)
    context = {"current_id": GuidelineVersion.objects.published().current().pk}
    return Response(s.GuidelineVersionDetailSerializer(version, context=context).data)


class QuestionList(APIView):
    permission_classes = [AllowAny]
    pagination_class = OrderedCursor

    @extend_schema(
        operation_id="guideline_questions_list", tags=[TAG], parameters=[s.ContentFilterSerializer],
        responses=s.QuestionSerializer(many=True),
    )  # fmt: skip
    def get(self, request: Request, code: str) -> Response:
        filters = validated(s.ContentFilterSerializer, data=request.query_params.dict())
        questions = (
            Question.objects.filter(version=published_version(code))
            .select_related("role", "dimension")
            .prefetch_related(
                "options", "obligations", Prefetch("scheme", AnswerScheme.objects.prefetch_related("options"))
            )
        )
        if "role" in filters:
            questions = questions.filter(role__code=filters["role"])
        if "section" in filters:
            questions = questions.filter(dimension__code=filters["section"])
        return paginated(self, request, questions, s.QuestionSerializer)


class ObligationList(APIView):
    permission_classes = [AllowAny]
    pagination_class = OrderedCursor

    @extend_schema(
        operation_id="guideline_obligations_list", tags=[TAG], parameters=[s.ContentFilterSerializer],
        responses=s.ObligationSerializer(many=True),
    )  # fmt: skip
    def get(self, request: Request, code: str) -> Response:
        filters = validated(s.ContentFilterSerializer, data=request.query_params.dict())
        obligations = obligations_of(
            published_version(code),
            role=filters.get("role", ""),
            dimension=filters.get("section", ""),
        )
        return paginated(self, request, obligations, s.ObligationSerializer)


@extend_schema(
    operation_id="guideline_triage_questions_list",
    tags=[TAG],
    responses=s.TriageQuestionSerializer(many=True),
)
@api_view(["GET"])
@permission_classes([AllowAny])
def triage_question_list(request: Request, code: str) -> Response:
    questions = triage_questions_of(published_version(code))
    return Response(s.TriageQuestionSerializer(questions, many=True).data)
