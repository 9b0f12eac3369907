"""OpenAPI: every operation documents the problem documents it can answer with, with examples."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from api.exceptions import BASE, PROBLEM_CONTENT_TYPE


class ProblemErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(
        help_text="JSON pointer to the rejected part of the request body or query."
    )
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `required`, `conflict`.")
    detail = serializers.CharField()
    question = serializers.CharField(required=False, help_text="Bulk upserts: the question code.")
    current = serializers.JSONField(required=False, help_text="Conflicts: the answer as stored now.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem document: the one shape of every error of this API."""

    type = serializers.CharField(help_text="Identifies the kind of problem (a tag URI).")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text="The path of the request.")
    errors = ProblemErrorSerializer(many=True, required=False)
    current = serializers.JSONField(required=False, help_text="412: the answer as stored now.")


def _example(status: int, kind: str, title: str, detail: str, **extra) -> dict:
    return {
        "type": BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/api/v1/assessments/42/",
        **extra,
    }


PROBLEMS = {
    400: ("The request is not valid.", _example(
        400, "validation-error", "The request is not valid.", "Some fields are not valid: see errors.",
        errors=[{"pointer": "#/name", "code": "required", "detail": "This field is required."}])),
    401: ("No credentials, or a token that is unknown, expired or revoked.", _example(
        401, "http-401", "Not authenticated", "This token is unknown, expired or revoked.")),
    403: ("Authenticated, but without the right for this action (type `two-factor-required`: DPO staff "
          "and auditors without two-factor authentication).", _example(
        403, "http-403", "Forbidden", "You do not have permission to perform this action.")),
    404: ("No such object, or one you may not know of (another organisation's, not sent to the DPO, not "
          "covered by your grants); the DPO's and auditors' paths for anyone else.", _example(
        404, "http-404", "Not found", "Not found.")),
    405: ("The path does not support this method.", _example(
        405, "http-405", "Method not allowed", 'Method "PUT" not allowed.')),
    406: ("None of the accepted media types can be produced.", _example(
        406, "http-406", "Not acceptable", "Could not satisfy the request Accept header.")),
    409: ("A rule of the portal refuses the request in the object's current state.", _example(
        409, "rule-refused", "The portal's rules refuse this request.",
        "This assessment has been submitted: its answers are locked.")),
    415: ("The request body's media type is not supported.", _example(
        415, "http-415", "Unsupported media type", 'Unsupported media type "text/plain" in request.')),
    429: ("Too many requests for this token or address; retry after `Retry-After` seconds.", _example(
        429, "http-429", "Too many requests", "Request was throttled. Expected available in 12 seconds.")),
}  # fmt: skip


# Paths that exist only for DPO staff or for auditors: 404 to anyone else (as their web pages are).
AUDIENCE_ONLY = ("/api/v1/dpo/", "/api/v1/audit/")


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the errors each operation can give, as problem documents."""

    def _get_format_parameters(self) -> list:
        # Downloads pick their renderer from `Accept` alone (AcceptOnlyNegotiation): no `?format=`.
        return []

    def _error_codes(self) -> set[int]:
        codes = {405, 406, 429}
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            codes |= {401, 403}
        if "{" in self.path or self.path.startswith(AUDIENCE_ONLY):
            codes.add(404)
        has_body = self.method in ("POST", "PUT", "PATCH")
        if has_body:
            codes |= {400, 409, 415}
        elif self.method == "DELETE":
            codes.add(409)
        if self._get_parameters() and any(p["in"] == "query" for p in self._get_parameters()):
            codes.add(400)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        component = self.resolve_serializer(ProblemSerializer, "response")
        for code in sorted(self._error_codes()):
            description, example = PROBLEMS[code]
            responses.setdefault(str(code), problem_response_object(component.ref, description, example))
        return responses


def problem_response_object(ref, description: str, example: dict) -> dict:
    response = {
        "description": description,
        "content": {PROBLEM_CONTENT_TYPE: {"schema": ref, "examples": {"problem": {"value": example}}}},
    }
    if example["status"] == 429:
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
        }
    return response


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "gaip_<prefix>_<secret>",
            "description": "A personal API token, created under Account → API tokens and shown once.",
        }


# Where a created object's id leads next: OpenAPI links, which schemathesis follows in its stateful phase.
LINKS = {
    ("/api/v1/organisations/", "post"): {
        "organisations_retrieve": {"id": "$response.body#/id"},
        "organisations_members_list": {"id": "$response.body#/id"},
        "organisations_systems_create": {"id": "$response.body#/id"},
    },
    ("/api/v1/organisations/{pk}/systems/", "post"): {
        "systems_retrieve": {"id": "$response.body#/id"},
        "systems_partial_update": {"id": "$response.body#/id"},
    },
    ("/api/v1/assessments/", "post"): {
        "assessments_retrieve": {"id": "$response.body#/id"},
        "assessments_triage_update": {"id": "$response.body#/id"},
        "assessments_answers_list": {"id": "$response.body#/id"},
        "assessments_answers_bulk_upsert": {"id": "$response.body#/id"},
        "assessments_events_list": {"id": "$response.body#/id"},
        "assessments_submit": {"id": "$response.body#/id"},
        "assessments_result_retrieve": {"id": "$response.body#/id"},
        "assessments_reports_list": {"id": "$response.body#/id"},
    },
    ("/api/v1/assessments/{id}/answers/{code}/evidence/", "post"): {
        "evidence_retrieve": {"id": "$response.body#/id"},
        "evidence_download": {"id": "$response.body#/id"},
        "evidence_destroy": {"id": "$response.body#/id"},
    },
    ("/api/v1/organisations/{id}/invitations/", "post"): {
        "organisations_invitations_list": {"id": "$request.path.id"},
    },
}


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: add LINKS to the 201 responses they start from."""
    for (path, method), targets in LINKS.items():
        responses = result["paths"].get(path, {}).get(method, {}).get("responses", {})
        response = responses.get("201")
        if response is not None:
            response["links"] = {
                target: {"operationId": target, "parameters": parameters}
                for target, parameters in targets.items()
            }
    return result
