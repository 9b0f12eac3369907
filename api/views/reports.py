"""Reports: request one of the current result, follow its status, download the PDF and the package."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.exceptions import Problem
from api.views.common import file_download, validated
from assessments import downloads, permissions
from assessments.models import Report
from assessments.permissions import Action
from assessments.services import reports as services
from assessments.services import scoring as scoring_services

TAG = "reports"


class ReportList(APIView):
    @extend_schema(
        operation_id="assessments_reports_list", tags=[TAG], responses=s.ReportSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk)
        return Response(s.ReportSerializer(assessment.reports.all(), many=True).data)

    @extend_schema(
        operation_id="assessments_reports_create", tags=[TAG], request=s.ReportInputSerializer,
        responses={202: s.ReportSerializer},
        examples=[OpenApiExample("In Chinese", value={"language": "zh-hant"}, request_only=True)],
        description="Have a worker render a PDF report of the current result (owners and editors); "
        "poll `reports_retrieve` until `status` is `ready` or `failed`.",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        assessment = permissions.get_assessment(request.user, pk, Action.REPORT)
        data = validated(s.ReportInputSerializer, data=request.data)
        result = None if assessment.is_draft else scoring_services.current_result(assessment)
        if result is None:
            raise Problem(409, "not-scored", "Not scored yet", "A report needs a scored assessment.")
        try:
            report = services.request_report(result=result, language=data["language"], by=request.user)
        except services.ReportLimitReached as exc:
            raise exceptions.Throttled(wait=exc.retry_after, detail=str(exc)) from exc
        report.refresh_from_db()
        return Response(s.ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(operation_id="reports_retrieve", tags=[TAG], responses=s.ReportSerializer)
@api_view(["GET"])
def report_detail(request: Request, pk: int) -> Response:
    return Response(s.ReportSerializer(permissions.get_report(request.user, pk)).data)


@extend_schema(
    operation_id="reports_retry", tags=[TAG], request=None, responses={202: s.ReportSerializer},
    description="Render a failed report again (owners and editors).",
)  # fmt: skip
@api_view(["POST"])
def report_retry(request: Request, pk: int) -> Response:
    report = permissions.get_report(request.user, pk, Action.REPORT)
    if report.status != Report.Status.FAILED:
        raise Problem(
            409, "rule-refused", "The portal's rules refuse this request.", "Only failed reports are retried."
        )
    services.retry_report(report=report)
    report.refresh_from_db()
    return Response(s.ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


def _ready_file(request: Request, report: Report, *, package: bool) -> FileResponse:
    if report.status != Report.Status.READY:
        raise Problem(404, "not-ready", "Not ready", "This report is not ready: see its status.")
    return downloads.report_file(report, by=request.user, package=package)


@extend_schema(
    operation_id="reports_download", tags=[TAG], responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    description="The PDF; its SHA-256 is `sha256` and `/verify/` confirms it was issued.",
)  # fmt: skip
@api_view(["GET"])
@file_download
def report_download(request: Request, pk: int) -> FileResponse:
    report = permissions.get_report(request.user, pk)
    return _ready_file(request, report, package=False)


@extend_schema(
    operation_id="reports_package_download", tags=[TAG],
    responses={(200, "application/zip"): OpenApiTypes.BINARY},
    description="The auditor package: the PDF, answers.json, every evidence file and MANIFEST.sha256.",
)  # fmt: skip
@api_view(["GET"])
@file_download
def package_download(request: Request, pk: int) -> FileResponse:
    report = permissions.get_report(request.user, pk)
    return _ready_file(request, report, package=True)
