"""Answers: read them, save one (with `If-Match`), or save many at once, all or nothing; evidence files."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.exceptions import Problem
from api.views.common import file_download, problem, problem_code, validated
from assessments import downloads, permissions
from assessments.models import Assessment
from assessments.permissions import Action
from assessments.services import assessments as services
from assessments.services import bulk_answers
from assessments.services.questionnaire import Item, load_questionnaire

TAG = "answers"


def answer_items(assessment: Assessment) -> list[Item]:
    questionnaire = load_questionnaire(assessment)
    return questionnaire.items + [item for item in questionnaire.hidden if item.answer]


def _item(assessment: Assessment, code: str, *, applicable: bool = False) -> Item:
    item = load_questionnaire(assessment).item(code)
    if item is None or (applicable and not item.applies) or (not item.applies and not item.answer):
        raise Http404
    return item


def _etag(item: Item) -> str:
    return f'"{item.answer.version if item.answer else 0}"'


def _stored(answer) -> dict:
    return s.StoredAnswerSerializer(answer).data


@extend_schema(
    operation_id="assessments_answers_list", tags=[TAG], responses=s.AnswerSerializer(many=True),
    description="Every question that applies after triage, with its answer (`version` 0: unanswered), "
    "followed by answered questions that no longer apply (`applies` false: kept, not counted).",
)  # fmt: skip
@api_view(["GET"])
def answer_list(request: Request, pk: int) -> Response:
    assessment = permissions.get_assessment(request.user, pk)
    return Response(s.AnswerSerializer(answer_items(assessment), many=True).data)


IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description='The `ETag` you read, e.g. `"3"` (`"0"` for an unanswered question).',
)  # fmt: skip


class AnswerDetail(APIView):
    @extend_schema(operation_id="assessments_answers_retrieve", tags=[TAG], responses=s.AnswerSerializer)
    def get(self, request: Request, pk: int, code: str) -> Response:
        item = _item(permissions.get_assessment(request.user, pk), code)
        return Response(s.AnswerSerializer(item).data, headers={"ETag": _etag(item)})

    @extend_schema(
        operation_id="assessments_answers_update", tags=[TAG], request=s.AnswerInputSerializer,
        parameters=[IF_MATCH], responses={
            200: s.AnswerSerializer,
            problem_code(412): problem("Saved by someone since your `ETag`: `current` is what is stored."),
            problem_code(428): problem("`If-Match` is missing."),
        },
        description="Save one answer. The overwrite rule of the web form applies: send the version you "
        "read in `If-Match`; a stale one is refused with 412 and the stored answer.",
    )  # fmt: skip
    def put(self, request: Request, pk: int, code: str) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
        item = _item(assessment, code, applicable=True)
        expected = _if_match(request)
        data = validated(s.AnswerInputSerializer, data=request.data)
        try:
            services.save_answer(
                assessment=assessment, question=item.question, by=request.user, expected_version=expected,
                **data,
            )  # fmt: skip
        except services.AnswerConflict as exc:
            raise Problem(
                412, "answer-conflict", "Changed meanwhile", str(exc), current=_stored(exc.current)
            ) from None
        item = _item(assessment, code)
        return Response(s.AnswerSerializer(item).data, headers={"ETag": _etag(item)})


def _if_match(request: Request) -> int:
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if not header:
        raise Problem(
            428, "precondition-required", "If-Match required", "Send the answer's ETag in If-Match."
        )
    if not header.isdigit() or len(header) > 9:
        raise Problem(
            412, "answer-conflict", "Changed meanwhile", "If-Match is not a version of this answer."
        )
    return int(header)


BULK_EXAMPLE = OpenApiExample(
    "Two answers",
    value={"answers": [
        {"question": "PRV-PRI-01", "value": "yes", "version": 0, "comment": "Policy approved in March."},
        {"question": "PRV-PRI-02", "not_applicable": True, "na_reason": "No personal data.", "version": 2},
    ]},
    request_only=True,
)  # fmt: skip


@extend_schema(
    operation_id="assessments_answers_bulk_upsert", tags=[TAG], request=s.BulkAnswersInputSerializer,
    responses={200: s.BulkAnswersSerializer, problem_code(409): problem(
        "Some answers were refused and nothing was stored: `errors` has one entry per refusal "
        "(`pointer` `#/answers/<i>`, `question`, `code` of `conflict`, `invalid`, `unknown_question` or "
        "`duplicate`, and `current` for conflicts).")},
    examples=[BULK_EXAMPLE],
    description="Save many answers in one transaction: all of them, or none. Each names the version it "
    "replaces (0 for a new answer), exactly as the web form does.",
)  # fmt: skip
@api_view(["POST"])
def bulk_upsert(request: Request, pk: int) -> Response:
    assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
    data = validated(s.BulkAnswersInputSerializer, data=request.data)
    updates = [_update(answer) for answer in data["answers"]]
    try:
        outcome = bulk_answers.upsert_answers(
            assessment=assessment, updates=updates, by=request.user, dry_run=data["dry_run"]
        )
    except bulk_answers.BulkRejected as exc:
        raise Problem(
            409, "answers-refused", "Answers refused", str(exc), errors=_rejections(exc.outcome)
        ) from None
    assessment.refresh_from_db(fields=["revision"])
    return Response(
        {
            "applied": outcome.applied,
            "changed": [c.question_code for c in outcome.changed],
            "unchanged": [c.question_code for c in outcome.changes if not c.changed],
            "revision": assessment.revision,
        }
    )


def _update(answer: dict) -> bulk_answers.AnswerUpdate:
    return bulk_answers.AnswerUpdate(
        question_code=answer["question"], value=answer.get("value", ""),
        not_applicable=answer["not_applicable"], na_reason=answer.get("na_reason", ""),
        comment=answer.get("comment", ""), expected_version=answer["version"],
    )  # fmt: skip


def _rejections(outcome) -> list[dict]:
    return [
        {
            "pointer": f"#/answers/{r.index}",
            "question": r.question_code,
            "code": r.code,
            "detail": r.message,
            **({"current": _stored(r.current)} if r.current is not None else {}),
        }
        for r in outcome.rejections
    ]


# ---------------------------------------------------------------- evidence


class EvidenceList(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="assessments_evidence_list", tags=["evidence"], responses=s.EvidenceSerializer(many=True)
    )
    def get(self, request: Request, pk: int, code: str) -> Response:
        item = _item(permissions.get_assessment(request.user, pk), code)
        return Response(
            s.EvidenceSerializer(item.answer.evidence.all() if item.answer else [], many=True).data
        )

    @extend_schema(
        operation_id="assessments_evidence_create", tags=["evidence"],
        request={"multipart/form-data": s.EvidenceInputSerializer}, responses={201: s.EvidenceSerializer},
        description="Attach a file (PDF, image, office document, text or CSV, checked by content).",
    )  # fmt: skip
    def post(self, request: Request, pk: int, code: str) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
        item = _item(assessment, code, applicable=True)
        data = validated(s.EvidenceInputSerializer, data=request.data)
        evidence = services.add_evidence(
            assessment=assessment, question=item.question, upload=data["file"], by=request.user
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(APIView):
    @extend_schema(operation_id="evidence_retrieve", tags=["evidence"], responses=s.EvidenceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.EvidenceSerializer(permissions.get_evidence(request.user, pk)).data)

    @extend_schema(operation_id="evidence_destroy", tags=["evidence"], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        evidence = permissions.get_evidence(request.user, pk)
        permissions.get_assessment(request.user, evidence.answer.assessment_id, Action.EDIT)
        services.remove_evidence(evidence=evidence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    operation_id="evidence_download", tags=["evidence"],
    responses={(200, "*/*"): OpenApiTypes.BINARY},
    description="The file as uploaded; `Content-Type` is the type recognised from its content.",
)  # fmt: skip
@api_view(["GET"])
@file_download
@parser_classes([])
def evidence_download(request: Request, pk: int) -> FileResponse:
    return downloads.evidence_file(permissions.get_evidence(request.user, pk), by=request.user)
