"""Small helpers shared by the API views."""

from types import SimpleNamespace

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.exceptions import PROBLEM_CONTENT_TYPE
from api.schema import ProblemSerializer


class AcceptOnlyNegotiation(DefaultContentNegotiation):
    """Chooses by `Accept` and ignores `?format=`, which the schema does not offer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


class AnyMediaRenderer(JSONRenderer):
    """Lets file downloads accept any `Accept` header; errors are still problem documents in JSON."""

    media_type = "*/*"
    format = "file"


def file_download(view_function):
    """Marks a function view (under `@api_view`) as a file download: any `Accept`, errors in JSON."""
    view_function.renderer_classes = [JSONRenderer, AnyMediaRenderer]
    view_function.content_negotiation_class = AcceptOnlyNegotiation
    return view_function


def paginated(view, request, queryset, serializer_class, **context) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


def problem(description: str):
    """An extra documented problem response, for `extend_schema(responses={problem_code(n): ...})`."""
    return OpenApiResponse(ProblemSerializer, description=description)


def problem_code(code: int) -> tuple[int, str]:
    return (code, PROBLEM_CONTENT_TYPE)


BINARY = OpenApiTypes.BINARY


class SchemaView(SpectacularAPIView):
    """The schema itself, left out of the schema it serves."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@authentication_classes([])
def not_found(request, *args, **kwargs):
    raise NotFound()


def validated(serializer_class, *args, **kwargs) -> dict:
    """The validated data of an input serializer; a 400 problem document when it is not valid."""
    serializer = serializer_class(*args, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
