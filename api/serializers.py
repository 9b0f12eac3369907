"""Explicit input and output serializers of the API. Inputs only validate: views pass
`validated_data` to the services, which do every write."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import ApiToken
from assessments import permissions, workflow
from assessments.models import (
    SECTOR_CHOICES,
    AISystem,
    Answer,
    Assessment,
    AuditEvent,
    AuditorGrant,
    Evidence,
    Invitation,
    Membership,
    Organisation,
    Report,
)
from assessments.services.assessments import MAX_ANSWER_LENGTH
from assessments.services.bulk_answers import MAX_BATCH

# ---------------------------------------------------------------- input: JSON types as documented


def _json_type_ok(field: serializers.Field, value) -> bool:
    """Whether a JSON value has the type the schema documents for `field` (DRF would coerce 0 to "0")."""
    if value is None:
        return True  # the field itself decides whether null is allowed
    if isinstance(field, serializers.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, serializers.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(field, serializers.CharField | serializers.ChoiceField):
        return isinstance(value, str)
    if isinstance(field, serializers.ListField):
        return isinstance(value, list) and all(_json_type_ok(field.child, item) for item in value)
    if isinstance(field, serializers.DictField | serializers.Serializer):
        return isinstance(value, dict)
    if isinstance(field, serializers.ListSerializer):
        return isinstance(value, list)
    return True


class StrictJSONMixin:
    """Refuses a JSON value of another type than documented instead of coercing it."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            wrong = {
                name: [serializers.ErrorDetail("Incorrect type.", code="invalid")]
                for name, field in self.fields.items()
                if name in data and not field.read_only and not _json_type_ok(field, data[name])
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class InputSerializer(StrictJSONMixin, serializers.Serializer):
    pass


class ModelInputSerializer(StrictJSONMixin, serializers.ModelSerializer):
    pass


class QuerySerializer(serializers.Serializer):
    """Query parameters: always strings, so "5" is read as the number 5 and "true" as true."""


# ---------------------------------------------------------------- account


class MyOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, source="my_role")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    kind = serializers.CharField()
    language = serializers.CharField(source="preferred_language")
    organisations = MyOrganisationSerializer(many=True)
    token = serializers.SerializerMethodField(help_text="The token this request was made with, if any.")

    def get_token(self, user) -> dict | None:
        token = self.context.get("token")
        return ApiTokenSerializer(token).data if isinstance(token, ApiToken) else None


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]


# ---------------------------------------------------------------- organisations


class OrganisationSerializer(serializers.ModelSerializer):
    my_role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id", "name", "business_registration_number", "sector", "size",
            "contact_name", "contact_email", "contact_phone", "my_role", "created_at",
        ]  # fmt: skip


class OrganisationInputSerializer(ModelInputSerializer):
    class Meta:
        model = Organisation
        fields = [
            "name", "business_registration_number", "sector", "size",
            "contact_name", "contact_email", "contact_phone",
        ]  # fmt: skip

    def validate_name(self, value: str) -> str:
        name = " ".join(value.split())  # one line: it goes into e-mail subjects
        if not name:
            raise serializers.ValidationError("This field may not be blank.", code="blank")
        return name


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")

    class Meta:
        model = Membership
        fields = ["id", "email", "role", "created_at"]


class MemberRoleInputSerializer(InputSerializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class InvitationSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created_at", "expires_at", "accepted_at", "is_open"]


class InvitationInputSerializer(InputSerializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Membership.Role.choices)


# ---------------------------------------------------------------- AI systems


class AISystemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AISystem
        fields = [
            "id", "organisation", "name", "purpose", "models_used", "providers", "users",
            "affected_people", "data_kinds", "sector", "deployment_status", "created_at", "updated_at",
        ]  # fmt: skip


class AISystemInputSerializer(ModelInputSerializer):
    data_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=AISystem.DataKind.choices), allow_empty=False, max_length=10
    )
    sector = serializers.ChoiceField(choices=SECTOR_CHOICES)

    class Meta:
        model = AISystem
        fields = [
            "name", "purpose", "models_used", "providers", "users",
            "affected_people", "data_kinds", "sector", "deployment_status",
        ]  # fmt: skip

    def validate_data_kinds(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


# ---------------------------------------------------------------- assessments


class ProgressSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    applicable = serializers.IntegerField()
    percent = serializers.IntegerField()


class AssessmentSerializer(serializers.ModelSerializer):
    guideline_version = serializers.SlugRelatedField(slug_field="code", read_only=True)
    role = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    my_role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)
    progress = serializers.SerializerMethodField()
    review_moves = serializers.SerializerMethodField(
        help_text="The review moves you may make now: `send_for_review`, `resubmit`, `withdraw`."
    )

    class Meta:
        model = Assessment
        fields = [
            "id", "organisation", "system", "guideline_version", "role", "status", "revision",
            "triage_facts", "tier", "tier_rules", "copied_from", "created_at", "updated_at",
            "submitted_at", "my_role", "progress", "review_round", "sent_for_review_at", "decided_at",
            "decision_reason", "review_moves",
        ]  # fmt: skip

    def get_review_moves(self, assessment) -> list[str]:
        if not permissions.can(getattr(assessment, "my_role", None), permissions.Action.SEND):
            return []
        return [str(move) for move in workflow.moves_from(assessment.status, workflow.Actor.OWNER)]

    def get_progress(self, assessment) -> ProgressSerializer:
        progress = self.context["progress"][assessment.pk]
        return {"answered": progress.answered, "applicable": progress.applicable, "percent": progress.percent}


class AssessmentFilterSerializer(QuerySerializer):
    organisation = serializers.IntegerField(required=False, min_value=1)
    system = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=Assessment.Status.choices, required=False)
    role = serializers.SlugField(required=False, max_length=60)
    guideline_version = serializers.SlugField(required=False, max_length=60)


class AssessmentInputSerializer(InputSerializer):
    system = serializers.IntegerField(min_value=1)
    role = serializers.SlugField(max_length=60, help_text="`developer`, `provider` or `user`.")
    guideline_version = serializers.SlugField(
        max_length=60, required=False, help_text="A published version's code; the current one if left out."
    )


class TriageInputSerializer(InputSerializer):
    facts = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Triage question code → `true`/`false`, an option code, or a list of option codes.",
    )


class TriageSerializer(serializers.Serializer):
    tier = serializers.CharField()
    tier_rules = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    facts = serializers.DictField(child=serializers.JSONField())


class CopyInputSerializer(InputSerializer):
    guideline_version = serializers.SlugField(max_length=60)


class SubmitInputSerializer(InputSerializer):
    pass


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email")

    class Meta:
        model = AuditEvent
        fields = ["id", "action", "actor", "at", "detail"]


# ---------------------------------------------------------------- answers and evidence


class EvidenceSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="answer.question.code")

    class Meta:
        model = Evidence
        fields = ["id", "question", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class EvidenceInputSerializer(InputSerializer):
    file = serializers.FileField(allow_empty_file=False, max_length=255)


class AnswerSerializer(serializers.Serializer):
    """One applicable question of the assessment with its answer (version 0: not answered yet)."""

    question = serializers.CharField(source="question.code")
    section = serializers.CharField(source="question.dimension.code")
    applies = serializers.BooleanField()
    answered = serializers.BooleanField(source="is_answered")
    value = serializers.CharField(source="answer.value", default="")
    not_applicable = serializers.BooleanField(source="answer.not_applicable", default=False)
    na_reason = serializers.CharField(source="answer.na_reason", default="")
    comment = serializers.CharField(source="answer.comment", default="")
    needs_recheck = serializers.BooleanField(source="answer.needs_recheck", default=False)
    version = serializers.IntegerField(source="answer.version", default=0)
    updated_at = serializers.DateTimeField(source="answer.updated_at", default=None, allow_null=True)
    updated_by = serializers.EmailField(source="answer.updated_by.email", default=None, allow_null=True)
    evidence = EvidenceSerializer(source="answer.evidence.all", many=True, default=list)


class StoredAnswerSerializer(serializers.ModelSerializer):
    """An answer as stored, e.g. the one that made a save conflict."""

    question = serializers.CharField(source="question.code")
    updated_by = serializers.EmailField(source="updated_by.email", allow_null=True)

    class Meta:
        model = Answer
        fields = [
            "question",
            "value",
            "not_applicable",
            "na_reason",
            "comment",
            "version",
            "updated_at",
            "updated_by",
        ]


class AnswerFields(InputSerializer):
    value = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_ANSWER_LENGTH,
        help_text="An option code, or the text of a free-text question.",
    )  # fmt: skip
    not_applicable = serializers.BooleanField(required=False, default=False)
    na_reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_ANSWER_LENGTH)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_ANSWER_LENGTH)


class AnswerInputSerializer(AnswerFields):
    """One answer; the version it replaces goes in the `If-Match` header."""


class BulkAnswerItemSerializer(AnswerFields):
    question = serializers.CharField(max_length=60)
    version = serializers.IntegerField(
        min_value=0,
        help_text="The version you read (0 for an unanswered question): a stale one is a conflict.",
    )


class BulkAnswersInputSerializer(InputSerializer):
    answers = BulkAnswerItemSerializer(many=True, allow_empty=False, max_length=MAX_BATCH)
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Check everything, store nothing."
    )


class BulkAnswersSerializer(serializers.Serializer):
    applied = serializers.BooleanField()
    changed = serializers.ListField(child=serializers.CharField(), help_text="Codes of changed answers.")
    unchanged = serializers.ListField(child=serializers.CharField())
    revision = serializers.IntegerField()


# ---------------------------------------------------------------- results and reports


class ResultGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.CharField(
        allow_null=True, help_text="0–100 as a decimal string; null if nothing counts."
    )


class ResultGapSerializer(serializers.Serializer):
    obligation = serializers.CharField()
    severity = serializers.CharField()
    score = serializers.CharField()
    threshold = serializers.CharField()
    uplift = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
    method_version = serializers.CharField()
    tier = serializers.CharField()
    overall = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True)
    rating = serializers.CharField()
    uncapped_rating = serializers.CharField()
    capped_by = serializers.ListField(child=serializers.CharField())
    dimensions = ResultGroupSerializer(many=True)
    principles = ResultGroupSerializer(many=True)
    gaps = ResultGapSerializer(many=True)
    created_at = serializers.DateTimeField()


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = [
            "id", "assessment", "number", "language", "status", "sha256", "size", "page_count",
            "package_sha256", "error", "requested_at", "rendered_at",
        ]  # fmt: skip


class ReportInputSerializer(InputSerializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)


# ---------------------------------------------------------------- guideline content (public)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodesField(serializers.Field):
    """The codes of a many-to-many relation's rows (prefetched)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager) -> list[str]:
        return [row.code for row in manager.all()]


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class GuidelineVersionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField()
    source_url = serializers.CharField()
    edition = serializers.CharField(help_text="The guideline edition's code (its questionnaire revision 1).")
    revision = serializers.IntegerField(help_text="The portal's questionnaire revision of the edition.")
    revision_published_on = serializers.DateField(allow_null=True, help_text="Empty for revision 1.")
    display_label = serializers.CharField(
        help_text="Edition and questionnaire revision, in the language asked."
    )
    is_current = serializers.SerializerMethodField()

    def get_is_current(self, version) -> bool:
        return version.pk == self.context["current_id"]


class RoleSerializer(CodeNameSerializer):
    definition = serializers.CharField()


class SummarisedSerializer(CodeNameSerializer):
    summary = serializers.CharField()
    section = serializers.CharField()


class TierSerializer(CodeNameSerializer):
    rank = serializers.IntegerField()
    definition = serializers.CharField()
    measures = serializers.ListField(child=serializers.CharField(), source="measure_list")


class GuidelineVersionDetailSerializer(GuidelineVersionSerializer):
    summary = serializers.CharField()
    legal_nature = serializers.CharField()
    default_tier = serializers.CharField(source="default_tier.code", allow_null=True)
    roles = RoleSerializer(many=True)
    dimensions = SummarisedSerializer(many=True)
    principles = SummarisedSerializer(many=True)
    tiers = TierSerializer(many=True)


class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    role = serializers.CharField(source="role.code")
    section = serializers.CharField(source="dimension.code")
    text = serializers.CharField()
    help = serializers.CharField()
    evidence_examples = serializers.ListField(child=serializers.CharField(), source="evidence_example_list")
    scheme = serializers.CharField(source="scheme.kind")
    options = serializers.SerializerMethodField()
    allow_na = serializers.BooleanField()
    obligations = CodesField()
    applies_when = serializers.JSONField(allow_null=True)

    def get_options(self, question) -> OptionSerializer(many=True):
        return OptionSerializer(question.options.all() or question.scheme.options.all(), many=True).data


class CrosswalkSerializer(serializers.Serializer):
    framework = serializers.CharField()
    ref = serializers.CharField()


class ObligationSerializer(serializers.Serializer):
    code = serializers.CharField()
    role = serializers.CharField(source="role.code")
    topic = serializers.CharField(source="topic.title")
    statement = serializers.CharField()
    rationale = serializers.CharField()
    section = serializers.CharField()
    criticality = serializers.CharField()
    tiers = CodesField()
    dimensions = CodesField()
    principles = CodesField()
    crosswalks = CrosswalkSerializer(many=True, help_text="The portal's own mapping to other frameworks.")
    unscored_reason = serializers.CharField(help_text="Why no scored question evidences it; empty if scored.")


class TriageOptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class TriageQuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    help = serializers.CharField()
    options = TriageOptionSerializer(many=True, source="choices")


class ContentFilterSerializer(QuerySerializer):
    role = serializers.SlugField(required=False, max_length=60)
    section = serializers.SlugField(required=False, max_length=60, help_text="A governance dimension's code.")


# ---------------------------------------------------------------- the DPO's review


class CommentSerializer(serializers.Serializer):
    """A reviewer's comment or a reply. The organisation does not learn which DPO reviewer wrote a comment
    (the web pages say "DPO reviewer"): `author` is null for DPO staff unless DPO staff read it."""

    id = serializers.IntegerField()
    question = serializers.CharField(source="question.code", default=None, allow_null=True)
    round = serializers.IntegerField()
    by_dpo = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)

    def get_by_dpo(self, comment) -> bool:
        return comment.parent_id is None

    def get_author(self, comment) -> str | None:
        if comment.parent_id is None and self.context.get("audience") != "dpo":
            return None
        return comment.author.email


class ThreadSerializer(serializers.Serializer):
    comment = CommentSerializer()
    open = serializers.BooleanField(source="comment.is_open")
    replies = CommentSerializer(many=True)


class CommentInputSerializer(InputSerializer):
    body = serializers.CharField(max_length=10_000)
    question = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="A question code; empty for the whole assessment.",
    )


class ReplyInputSerializer(InputSerializer):
    body = serializers.CharField(max_length=10_000)


class ResolveInputSerializer(InputSerializer):
    resolved = serializers.BooleanField(help_text="`true`: mark resolved; `false`: open it again.")


class DecisionInputSerializer(InputSerializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    reason = serializers.CharField(
        max_length=10_000, help_text="The organisation reads it; it is printed in the report."
    )


class AssignInputSerializer(InputSerializer):
    reviewer = serializers.IntegerField(
        min_value=1, help_text="The id of a DPO reviewer or administrator (`dpo_staff_list`)."
    )


class SendInputSerializer(InputSerializer):
    confirm = serializers.BooleanField(
        help_text="`true`: you have read what the DPO will see (`assessments_send_for_review_retrieve`)."
    )

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(
                _("Confirm that the DPO may read everything listed by GET on this path."), code="unconfirmed"
            )
        return value


class SendPreviewSerializer(serializers.Serializer):
    allowed = serializers.BooleanField(help_text="Whether it can be sent now.")
    refusal = serializers.CharField(allow_blank=True, help_text="Why not, when it cannot.")
    shared = serializers.ListField(child=serializers.CharField(), help_text="What the DPO will see.")
    not_shared = serializers.ListField(child=serializers.CharField(), help_text="What the DPO will not see.")
    evidence_count = serializers.IntegerField()
    overall = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True)


class StaffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    kind = serializers.CharField()


class QueueFilterSerializer(QuerySerializer):
    status = serializers.ChoiceField(
        choices=["undecided", *sorted(workflow.SENT_TO_DPO)], required=False, allow_blank=True,
        help_text="`undecided` (the default), one status, or empty for any.",
    )  # fmt: skip
    tier = serializers.SlugField(required=False, max_length=60)
    role = serializers.SlugField(required=False, max_length=60)
    sector = serializers.ChoiceField(choices=SECTOR_CHOICES, required=False)
    version = serializers.SlugField(required=False, max_length=60)
    reviewer = serializers.RegexField(
        r"^(none|[1-9][0-9]{0,9})$", required=False, help_text="A reviewer's id, or `none` for unassigned."
    )
    mine = serializers.BooleanField(required=False, help_text="Only what is assigned to you.")
    waiting_days = serializers.IntegerField(required=False, min_value=0, max_value=3650)
    sort = serializers.ChoiceField(
        choices=["waiting", "recent"],
        required=False,
        help_text="`waiting` (longest first, the default) or `recent`.",
    )


class QueueRowSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    system = serializers.CharField(source="system.name")
    sector = serializers.CharField(source="system.sector")
    guideline_version = serializers.SlugRelatedField(slug_field="code", read_only=True)
    role = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    reviewer = serializers.EmailField(source="reviewer.email", default=None, allow_null=True)
    overall = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True)
    days_waiting = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id", "organisation", "system", "sector", "guideline_version", "role", "tier", "status",
            "review_round", "sent_for_review_at", "reviewer", "overall", "days_waiting",
        ]  # fmt: skip


class RecordOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sector = serializers.CharField()


class RecordAssessmentSerializer(serializers.ModelSerializer):
    """An assessment as the DPO or an auditor reads it."""

    organisation = RecordOrganisationSerializer()
    system = AISystemSerializer()
    guideline_version = serializers.SlugRelatedField(slug_field="code", read_only=True)
    role = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    reviewer = serializers.EmailField(source="reviewer.email", default=None, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id", "organisation", "system", "guideline_version", "role", "status", "revision", "tier",
            "tier_rules", "triage_facts", "submitted_at", "review_round", "sent_for_review_at", "reviewer",
            "decided_at", "decision_reason",
        ]  # fmt: skip


class ReviewActionsSerializer(serializers.Serializer):
    take = serializers.BooleanField()
    comment = serializers.BooleanField()
    request_changes = serializers.BooleanField()
    decide = serializers.BooleanField()
    mark_comments = serializers.BooleanField(source="mark")
    assign = serializers.BooleanField()
    grant = serializers.BooleanField()


class GrantSerializer(serializers.ModelSerializer):
    """An auditor's access, as the organisation's owners and the DPO see it."""

    scope = serializers.SerializerMethodField()
    accepted = serializers.SerializerMethodField(help_text="Whether an auditor account holds it.")
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = AuditorGrant
        fields = [
            "id", "email", "organisation", "assessment", "scope", "until", "by_dpo", "granted_at",
            "accepted", "accepted_at", "revoked_at", "is_active",
        ]  # fmt: skip

    def get_scope(self, grant) -> str:
        return "assessment" if grant.assessment_id else "organisation"

    def get_accepted(self, grant) -> bool:
        return grant.auditor_id is not None


class HeldGrantSerializer(GrantSerializer):
    """An access as the auditor holding it sees it."""

    organisation_name = serializers.CharField(source="organisation.name")
    system = serializers.CharField(source="assessment.system.name", default=None, allow_null=True)

    class Meta(GrantSerializer.Meta):
        fields = [
            "id", "organisation", "organisation_name", "assessment", "system", "scope", "until",
            "granted_at", "accepted_at", "revoked_at", "is_active",
        ]  # fmt: skip


class ReviewRecordSerializer(serializers.Serializer):
    assessment = RecordAssessmentSerializer()
    tier_reasons = serializers.ListField(child=serializers.CharField())
    days_waiting = serializers.IntegerField(allow_null=True)
    result = ResultSerializer(allow_null=True, help_text="Null until the current revision is scored.")
    reports = ReportSerializer(many=True, help_text="Ready reports, newest first.")
    actions = ReviewActionsSerializer(required=False, help_text="DPO staff only: what you may do now.")
    grants = GrantSerializer(many=True, required=False, help_text="DPO staff only: access the DPO gave.")


class GrantInputSerializer(InputSerializer):
    email = serializers.EmailField(max_length=254)
    until = serializers.DateField(required=False, allow_null=True, help_text="The last day of access.")


class OrganisationGrantInputSerializer(GrantInputSerializer):
    assessment = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="One submitted assessment; left out: every submitted assessment of the organisation.",
    )  # fmt: skip


class AcceptInputSerializer(InputSerializer):
    token = serializers.CharField(
        max_length=64, help_text="The token of the invitation link you were e-mailed."
    )
