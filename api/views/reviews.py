"""The review by the DPO. The organisation's side (send with its confirmation, resubmit, withdraw, read
the comments, reply) under `assessments/` as a member; the DPO's side (queue, record, take, assign,
comment, mark, return, decide, downloads) under `dpo/`, which exists only for DPO staff (404 for
anyone else, and for anything not sent to the DPO)."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
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
from api.views.assessments import read_assessment, result_data
from api.views.common import file_download, paginated, validated
from assessments import downloads, permissions
from assessments.permissions import Action, ReviewAction
from assessments.services import assessments as assessment_services
from assessments.services import reports as report_services
from assessments.services import review as services
from assessments.services import scoring as scoring_services
from assessments.workflow import Move
from reviews import screen, selectors

TAG = "review"
DPO_TAG = "dpo"
SHARED = [
    "organisation", "system_profile", "triage", "answers_with_history", "evidence", "scores_and_reports",
]  # fmt: skip
NOT_SHARED = ["drafts_and_other_assessments", "members_and_invitations"]


# ---------------------------------------------------------------- the organisation's side


class SendForReview(APIView):
    @extend_schema(
        operation_id="assessments_send_for_review_retrieve", tags=[TAG], responses=s.SendPreviewSerializer,
        description="What sending shares with the DPO and what it does not (owners): the confirmation the "
        "web page shows before sending. Changes nothing.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.SEND)
        preview = selectors.sending_preview(assessment)
        overall = preview["result"].overall if preview["result"] else None
        preview.update(shared=SHARED, not_shared=NOT_SHARED, overall=overall)
        return Response(s.SendPreviewSerializer(preview).data)

    @extend_schema(
        operation_id="assessments_send_for_review", tags=[TAG], request=s.SendInputSerializer,
        responses=s.AssessmentSerializer,
        examples=[OpenApiExample("Confirmed", value={"confirm": True}, request_only=True)],
        description="Send a submitted assessment to the DPO (owners). `confirm` must be `true`: the DPO then "
        "reads everything GET lists. It can be withdrawn until the DPO decides; a decision is final.",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.SEND)
        validated(s.SendInputSerializer, data=request.data)
        services.send_for_review(assessment=assessment, by=request.user)
        return Response(read_assessment(request.user, pk))


def _owner_move(service, operation_id: str, description: str):
    @extend_schema(
        operation_id=operation_id, tags=[TAG], request=None, responses=s.AssessmentSerializer,
        description=description,
    )  # fmt: skip
    @api_view(["POST"])
    def view(request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.SEND)
        service(assessment=assessment, by=request.user)
        return Response(read_assessment(request.user, pk))

    return view


resubmit = _owner_move(
    services.resubmit,
    "assessments_resubmit",
    "Send a returned assessment back to the DPO as a new revision, scored again (owners; every applicable "
    "question answered).",
)
withdraw = _owner_move(
    services.withdraw,
    "assessments_withdraw",
    "Take an undecided assessment back from the DPO (owners): it is submitted again and the DPO no longer "
    "sees it.",
)


@extend_schema(
    operation_id="assessments_comments_list", tags=[TAG], responses=s.ThreadSerializer(many=True),
    description="The DPO's comments of every round, each with the organisation's replies.",
)  # fmt: skip
@api_view(["GET"])
def comment_list(request: Request, pk: int) -> Response:
    assessment = permissions.get_assessment(request.user, pk)
    threads = selectors.discussion_of(assessment).threads
    return Response(s.ThreadSerializer(threads, many=True, context={"audience": "organisation"}).data)


@extend_schema(
    operation_id="review_comments_reply", tags=[TAG], request=s.ReplyInputSerializer,
    responses={201: s.CommentSerializer},
    examples=[OpenApiExample("A reply", value={"body": "Retention is 90 days: see policy section 4."},
                             request_only=True)],
    description="Reply to a DPO comment while the DPO has asked for changes (owners and editors).",
)  # fmt: skip
@api_view(["POST"])
def reply(request: Request, pk: int) -> Response:
    comment = permissions.get_comment_to_reply(request.user, pk)
    data = validated(s.ReplyInputSerializer, data=request.data)
    answer = services.reply(comment=comment, by=request.user, body=data["body"])
    return Response(s.CommentSerializer(answer).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- the DPO's side


def require_staff(user: User) -> None:
    if not permissions.can_review(user):
        raise Http404  # the DPO's paths do not exist for anyone else


class QueueCursor(Cursor):
    def get_ordering(self, request, queryset, view):
        return ("-sent_for_review_at", "-pk") if view.sort == "recent" else ("sent_for_review_at", "pk")


class Queue(APIView):
    pagination_class = QueueCursor

    @extend_schema(
        operation_id="dpo_queue_list", tags=[DPO_TAG], parameters=[s.QueueFilterSerializer],
        responses=s.QueueRowSerializer(many=True),
        description="Assessments sent to the DPO, longest waiting first; by default those not decided.",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        require_staff(request.user)
        filters = validated(s.QueueFilterSerializer, data=request.query_params.dict())
        filters.setdefault("status", "undecided")
        self.sort = filters.pop("sort", "waiting")
        rows = selectors.filter_queue(
            permissions.review_assessments_for(request.user), filters, user=request.user
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        for assessment in page:
            assessment.days_waiting = selectors.days_waiting(assessment)
        return paginator.get_paginated_response(s.QueueRowSerializer(page, many=True).data)


@extend_schema(
    operation_id="dpo_staff_list", tags=[DPO_TAG], responses=s.StaffSerializer(many=True),
    description="The DPO's reviewers and administrators, to assign an assessment to.",
)  # fmt: skip
@api_view(["GET"])
def staff_list(request: Request) -> Response:
    require_staff(request.user)
    return Response(s.StaffSerializer(selectors.dpo_staff(), many=True).data)


def record(assessment, *, audience: str, user: User) -> dict:
    """The record of an assessment as the DPO or an auditor reads it (the review screen's data)."""
    stored = scoring_services.current_result(assessment)
    ready = assessment.reports.filter(status="ready").order_by("-pk")
    data = {
        "assessment": assessment,
        "tier_reasons": assessment_services.tier_reasons(assessment) if assessment.triage_done else [],
        "days_waiting": selectors.days_waiting(assessment),
        "result": result_data(stored) if stored else None,
        "reports": report_services.mark_superseded(list(ready)),
    }
    if audience == "dpo":
        data["actions"] = screen.reviewer_actions(assessment, user)
        data["grants"] = assessment.auditor_grants.filter(by_dpo=True)
    return s.ReviewRecordSerializer(data).data


def _reviewed(request: Request, pk: int) -> Response:
    """The assessment as it is after a reviewer's move."""
    return Response(s.RecordAssessmentSerializer(permissions.get_review_assessment(request.user, pk)).data)


@extend_schema(
    operation_id="dpo_assessments_retrieve", tags=[DPO_TAG], responses=s.ReviewRecordSerializer,
    description="What the review screen shows: the assessment and its system, the tier and why, the "
    "result, the reports, what you may do now and the auditors' access the DPO gave.",
)  # fmt: skip
@api_view(["GET"])
def review_record(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk)
    return Response(record(assessment, audience="dpo", user=request.user))


@extend_schema(
    operation_id="dpo_assessments_answers_list", tags=[DPO_TAG], responses=s.AnswerSerializer(many=True),
    description="Every applicable question with its answer; evidence downloads at `dpo_evidence_download`.",
)  # fmt: skip
@api_view(["GET"])
def review_answers(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk)
    return Response(s.AnswerSerializer(answer_items(assessment), many=True).data)


@extend_schema(
    operation_id="dpo_assessments_comments_list", tags=[DPO_TAG], responses=s.ThreadSerializer(many=True)
)
@api_view(["GET"])
def review_comments(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk)
    threads = selectors.discussion_of(assessment).threads
    return Response(s.ThreadSerializer(threads, many=True, context={"audience": "dpo"}).data)


def _reviewer_move(service, operation_id: str, description: str):
    @extend_schema(
        operation_id=operation_id, tags=[DPO_TAG], request=None, responses=s.RecordAssessmentSerializer,
        description=description,
    )  # fmt: skip
    @api_view(["POST"])
    def view(request: Request, pk: int) -> Response:
        assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
        service(assessment=assessment, by=request.user)
        return _reviewed(request, pk)

    return view


take = _reviewer_move(
    services.start_review,
    "dpo_assessments_take",
    "Take an assessment from the queue for review; it is assigned to you (unless assigned to a colleague).",
)
request_changes = _reviewer_move(
    services.request_changes,
    "dpo_assessments_request_changes",
    "Return the assessment to its organisation (the assigned reviewer; at least one comment this round).",
)

ASSIGN_EXAMPLE = OpenApiExample("To a colleague", value={"reviewer": 12}, request_only=True)
COMMENT_EXAMPLE = OpenApiExample(
    "On one question",
    value={"body": "How long are the logs kept?", "question": "PRV-PRI-01"},
    request_only=True,
)
DECISION_EXAMPLE = OpenApiExample(
    "Approve", value={"decision": "approve", "reason": "The measures match the risk tier."}, request_only=True
)


@extend_schema(
    operation_id="dpo_assessments_assign", tags=[DPO_TAG], request=s.AssignInputSerializer,
    responses=s.RecordAssessmentSerializer, examples=[ASSIGN_EXAMPLE],
    description="Give an undecided assessment to a reviewer (DPO administrators).",
)  # fmt: skip
@api_view(["POST"])
def assign(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.ASSIGN)
    data = validated(s.AssignInputSerializer, data=request.data)
    reviewer = selectors.dpo_staff().filter(pk=data["reviewer"]).first()
    if reviewer is None:
        raise ValidationError({"reviewer": [_("No DPO reviewer or administrator has this id.")]})
    services.assign_reviewer(assessment=assessment, reviewer=reviewer, by=request.user)
    return _reviewed(request, pk)


@extend_schema(
    operation_id="dpo_assessments_comments_create", tags=[DPO_TAG], request=s.CommentInputSerializer,
    responses={201: s.CommentSerializer}, examples=[COMMENT_EXAMPLE],
    description="Comment on the whole assessment or one question (the assigned reviewer, during review).",
)  # fmt: skip
@api_view(["POST"])
def comment(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
    data = validated(s.CommentInputSerializer, data=request.data)
    made = services.add_comment(
        assessment=assessment, by=request.user, body=data["body"], question_code=data.get("question", "")
    )
    data = s.CommentSerializer(made, context={"audience": "dpo"}).data
    return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="dpo_comments_resolve", tags=[DPO_TAG], request=s.ResolveInputSerializer,
    responses=s.CommentSerializer,
    examples=[OpenApiExample("Resolved", value={"resolved": True}, request_only=True)],
    description="Mark a comment resolved, or open again (the assigned reviewer, until the decision).",
)  # fmt: skip
@api_view(["POST"])
def resolve(request: Request, pk: int) -> Response:
    found = permissions.get_review_comment(request.user, pk)
    data = validated(s.ResolveInputSerializer, data=request.data)
    marked = services.set_resolved(comment=found, resolved=data["resolved"], by=request.user)
    return Response(s.CommentSerializer(marked, context={"audience": "dpo"}).data)


@extend_schema(
    operation_id="dpo_assessments_decide", tags=[DPO_TAG], request=s.DecisionInputSerializer,
    responses=s.RecordAssessmentSerializer, examples=[DECISION_EXAMPLE],
    description="Approve or reject with a reason (the assigned reviewer, once the revision is scored). "
    "Final: the report is rendered again with the decision.",
)  # fmt: skip
@api_view(["POST"])
def decide(request: Request, pk: int) -> Response:
    assessment = permissions.get_review_assessment(request.user, pk, ReviewAction.REVIEW)
    data = validated(s.DecisionInputSerializer, data=request.data)
    move = Move.APPROVE if data["decision"] == "approve" else Move.REJECT
    services.decide(assessment=assessment, move=move, reason=data["reason"], by=request.user)
    return _reviewed(request, pk)


@extend_schema(
    operation_id="dpo_evidence_download", tags=[DPO_TAG], responses={(200, "*/*"): OpenApiTypes.BINARY},
    description="An evidence file of an assessment sent to the DPO; the download is recorded.",
)  # fmt: skip
@api_view(["GET"])
@file_download
def evidence_download(request: Request, pk: int) -> FileResponse:
    return downloads.evidence_file(permissions.get_review_evidence(request.user, pk), by=request.user)


@extend_schema(
    operation_id="dpo_reports_download", tags=[DPO_TAG],
    responses={(200, "application/pdf"): OpenApiTypes.BINARY},
)  # fmt: skip
@api_view(["GET"])
@file_download
def report_download(request: Request, pk: int) -> FileResponse:
    return downloads.report_file(permissions.get_review_report(request.user, pk), by=request.user)


class ReviewEventList(APIView):
    pagination_class = NewestFirst

    @extend_schema(
        operation_id="dpo_assessments_events_list", tags=[DPO_TAG], responses=s.EventSerializer(many=True),
        description="What happened to the assessment, newest first.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_review_assessment(request.user, pk)
        return paginated(self, request, assessment.events.select_related("actor"), s.EventSerializer)
