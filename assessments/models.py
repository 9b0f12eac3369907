"""Organisations, their AI systems and the self-assessments of those systems.

Every query for organisation data goes through `permissions.py`; nothing here decides who may see what.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guideline_content.sectors import SECTORS
from portal.storage import StorageAlias

SECTOR_CHOICES = SECTORS  # one list for organisations, systems and triage


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    class Size(models.TextChoices):
        MICRO = "micro", _("Fewer than 10 people")
        SMALL = "small", _("10 to 49 people")
        MEDIUM = "medium", _("50 to 249 people")
        LARGE = "large", _("250 people or more")

    name = models.CharField(_("name"), max_length=200)
    business_registration_number = models.CharField(
        _("business registration number"),
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]{8}$", _("Enter the 8 digits of the Business Registration number."))
        ],
        help_text=_("Optional. The 8-digit Hong Kong Business Registration number."),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=SECTOR_CHOICES)
    size = models.CharField(_("size"), max_length=20, choices=Size)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.organisation}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(TimeStamped):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(default=_invitation_expiry)
    # Set once the e-mail went out: an open invitation still without it is sent again by the sweep.
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AISystem(TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PILOT = "pilot", _("Pilot")
        PRODUCTION = "production", _("In production")
        RETIRED = "retired", _("Retired")

    class DataKind(models.TextChoices):
        PERSONAL = "personal", _("Personal data")
        SENSITIVE = "sensitive", _("Sensitive personal data (health, biometrics, finances…)")
        CONFIDENTIAL = "confidential", _("Confidential business information")
        COPYRIGHT = "copyright", _("Copyright material")
        PUBLIC = "public", _("Public information only")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="systems")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"))
    models_used = models.CharField(_("model(s) used"), max_length=300)
    providers = models.CharField(_("model or service provider(s)"), max_length=300)
    users = models.TextField(_("who uses it"))
    affected_people = models.TextField(_("who is affected by it"))
    data_kinds = models.JSONField(_("kinds of data it handles"), default=list)
    sector = models.CharField(_("sector"), max_length=30, choices=SECTOR_CHOICES)
    deployment_status = models.CharField(_("deployment status"), max_length=20, choices=Status)

    class Meta:
        ordering = ["name"]
        verbose_name = _("AI system")

    def __str__(self) -> str:
        return self.name

    def get_data_kinds_display(self) -> list[str]:
        labels = dict(self.DataKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.data_kinds]


class Assessment(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        # The review by the DPO (assessments/workflow.py has the moves between these)
        SENT_FOR_REVIEW = "sent_for_review", _("Sent for review")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="assessments")
    guideline_version = models.ForeignKey(
        "guideline_content.GuidelineVersion", on_delete=models.PROTECT, related_name="assessments"
    )
    role = models.ForeignKey("guideline_content.Role", on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # Triage: fact code -> answer (bool, option code, or list of option codes); None until triage is saved.
    triage_facts = models.JSONField(_("triage answers"), null=True, blank=True)
    tier = models.ForeignKey(
        "guideline_content.RiskTier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    # Codes of the triage rules that placed it in its tier (reasons are shown in the reader's language);
    # empty when no rule matched and the version's default tier applies.
    tier_rules = models.JSONField(_("tier rules"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    # Bumped on every answer or triage change: the key that scoring results will be stored against.
    revision = models.PositiveIntegerField(default=0)
    # The review by the DPO: set only by assessments/services/review.py, through conditional updates.
    sent_for_review_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    review_round = models.PositiveIntegerField(_("review round"), default=0)  # 1 when first sent
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["status", "sent_for_review_at"], name="assessment_review_queue"),
            # the DPO dashboard: decisions in a period, and what waits for whom
            models.Index(fields=["status", "decided_at"], name="assessment_decided"),
            # the queue's first page: walked in sending order until 25 undecided ones are found
            models.Index(fields=["sent_for_review_at"], name="assessment_sent_at"),
            models.Index(fields=["reviewer", "status"], name="assessment_reviewer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.system} — {self.role.code} ({self.guideline_version.label})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def answers_open(self) -> bool:
        """Answers may change: a draft, or an assessment the DPO returned for changes."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REJECTED)

    @property
    def triage_done(self) -> bool:
        return self.triage_facts is not None


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("guideline_content.Question", on_delete=models.PROTECT, related_name="+")
    # An option code for scored schemes, the text for free-text questions; "" when only N/A or a comment.
    value = models.TextField(_("answer"), blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    na_reason = models.TextField(_("reason it does not apply"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    needs_recheck = models.BooleanField(_("to check again"), default=False)
    # Optimistic concurrency: a save names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value or ('N/A' if self.not_applicable else '')}"

    @property
    def is_answered(self) -> bool:
        return bool(self.value) or (self.not_applicable and bool(self.na_reason.strip()))

    def snapshot(self) -> dict:
        return {
            "value": self.value,
            "not_applicable": self.not_applicable,
            "na_reason": self.na_reason,
            "comment": self.comment,
        }


class AnswerChange(models.Model):
    """One saved change of an answer: who, when, and the values before and after."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    old = models.JSONField(null=True)  # None for the first save
    new = models.JSONField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer_id} changed by {self.changed_by_id} at {self.changed_at:%Y-%m-%d %H:%M}"


def private_storage():
    """Evidence lives in its own storage with no public URL; only a permission-checked view serves it."""
    return StorageAlias("evidence")


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name is random: the user's file name is kept only in `original_name`.
    return f"evidence/{instance.answer.assessment.organisation_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class AuditEvent(models.Model):
    """One thing that happened, kept for ever: append-only (on PostgreSQL a trigger refuses UPDATE and
    DELETE). Written through `assessments.services.audit.record_event`."""

    class Action(models.TextChoices):
        CREATED = "created", _("Assessment started")
        TRIAGED = "triaged", _("Triage saved")
        SUBMITTED = "submitted", _("Submitted")
        COPIED = "copied", _("Copied from an earlier assessment")
        RESCORE_REQUESTED = "rescore_requested", _("Re-score requested")
        # the review by the DPO (issue 8)
        SENT_FOR_REVIEW = "sent_for_review", _("Sent to the DPO for review")
        REVIEW_STARTED = "review_started", _("Review started")
        REVIEWER_ASSIGNED = "reviewer_assigned", _("Reviewer assigned")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        RESUBMITTED = "resubmitted", _("Resubmitted for review")
        WITHDRAWN = "withdrawn", _("Withdrawn from review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        COMMENTED = "commented", _("Review comment written")
        COMMENT_REPLIED = "comment_replied", _("Reply to a review comment")
        COMMENT_RESOLVED = "comment_resolved", _("Review comment marked resolved")
        COMMENT_REOPENED = "comment_reopened", _("Review comment reopened")
        EVIDENCE_DOWNLOADED = "evidence_downloaded", _("Evidence downloaded")
        REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
        PACKAGE_DOWNLOADED = "package_downloaded", _("Auditor package downloaded")
        # auditors' access
        AUDITOR_GRANTED = "auditor_granted", _("Auditor given access")
        AUDITOR_ACCEPTED = "auditor_accepted", _("Auditor accepted the access")
        AUDITOR_REVOKED = "auditor_revoked", _("Auditor's access revoked")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="events")
    # Empty for events about the organisation as a whole (for example an organisation-wide grant).
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    action = models.CharField(max_length=30, choices=Action)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    # The client address of the request that caused it; empty for work done by a worker or a command.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_event_org_at")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"


class ReviewComment(models.Model):
    """A reviewer's remark on the whole assessment or on one question, or a reply to one. Comments are
    never deleted: a resolved one stays, marked resolved, for the record of every round."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="review_comments")
    # Empty for a remark on the whole assessment; replies take their parent's question.
    question = models.ForeignKey(
        "guideline_content.Question", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    round = models.PositiveIntegerField(_("review round"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "round"], name="review_comment_round")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.assessment_id} (round {self.round})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class AuditorGrant(models.Model):
    """Read-only access for an auditor to one assessment, or to all of an organisation's submitted
    assessments (no assessment), optionally until a date. Given by e-mail: `auditor` is set when the
    person accepts it with an account of that address. Never deleted: revoking stamps it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="auditor_grants")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="auditor_grants"
    )
    email = models.EmailField(_("auditor's e-mail"))
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="auditor_grants",
    )
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("The last day of access."))
    # Given by a DPO administrator (on an assessment sent to the DPO) rather than by an owner.
    by_dpo = models.BooleanField(default=False)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)  # as Invitation.sent_at
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["auditor", "revoked_at"], name="auditor_grant_active")]

    def __str__(self) -> str:
        return f"{self.email} → {self.assessment or self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.until is not None and self.until < timezone.localdate()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class AssessmentResult(models.Model):
    """The score of one assessment revision under one scoring method version: computed once, kept."""

    class Rating(models.TextChoices):
        ALIGNED = "aligned", _("Aligned")
        PARTLY_ALIGNED = "partly_aligned", _("Partly aligned")
        NOT_ALIGNED = "not_aligned", _("Not aligned")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    revision = models.PositiveIntegerField()
    method_version = models.CharField(max_length=20)
    tier = models.CharField(max_length=30)
    overall = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    rating = models.CharField(max_length=20, choices=Rating)
    uncapped_rating = models.CharField(max_length=20, choices=Rating)
    capped_by = models.JSONField(default=list)
    detail = models.JSONField()  # the whole explanation: groups, obligations, questions, gaps
    charts = models.JSONField(default=dict)  # language -> {"radar": svg, "principles": svg}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "revision", "method_version"], name="one_result_per_revision_and_method"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} r{self.revision} ({self.method_version}): {self.overall}"


def reports_storage():
    """Reports live where no URL reaches them; the download view checks permissions first."""
    return StorageAlias("reports")


def report_path(instance: "Report", filename: str) -> str:
    return f"reports/{instance.assessment.organisation_id}/{uuid.uuid4().hex}"


class Report(models.Model):
    """One rendering of an assessment's report. Immutable once ready: a new rendering is a new report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be generated")
        RENDERING = "rendering", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reports")
    result = models.ForeignKey(AssessmentResult, on_delete=models.PROTECT, related_name="reports")
    # NULL for the instant between insert and numbering (the number comes from the id); unique ignores NULL.
    number = models.CharField(_("report number"), max_length=30, unique=True, null=True)  # noqa: DJ001
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    assessment_status = models.CharField(max_length=20)  # the assessment's status when it was requested
    file = models.FileField(upload_to=report_path, storage=reports_storage, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    package = models.FileField(upload_to=report_path, storage=reports_storage, max_length=300, blank=True)
    package_sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # The render that holds the report, and since when: another render waits until the lease expires.
    render_lease = models.UUIDField(null=True, blank=True)
    render_started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.number or f"report {self.pk}"

    @property
    def download_name(self) -> str:
        return f"{self.number}-{self.language}.pdf"


class ScoreLine(models.Model):
    """One figure of an assessment's latest scored revision, with the facts the DPO dashboard and the
    sector benchmark filter on, so that their aggregates read one indexed table and never decode the
    results' JSON. Written with the result (`services.summary.store_lines`); the review services keep
    `status` and `sent_at` equal to the assessment's, and saving a system keeps `sector` equal to its."""

    class Kind(models.TextChoices):
        DIMENSION = "dimension"
        PRINCIPLE = "principle"
        GAP = "gap"  # an obligation below its threshold; `score` is the obligation's

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="score_lines")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    guideline_version = models.ForeignKey(
        "guideline_content.GuidelineVersion", on_delete=models.CASCADE, related_name="+"
    )
    role = models.ForeignKey("guideline_content.Role", on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey(
        "guideline_content.RiskTier", on_delete=models.CASCADE, null=True, related_name="+"
    )
    sector = models.CharField(max_length=30)
    status = models.CharField(max_length=20)
    sent_at = models.DateTimeField(null=True)
    kind = models.CharField(max_length=10, choices=Kind)
    code = models.CharField(max_length=40)
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    class Meta:
        indexes = [
            # the sector benchmark: approved peers of one role, version and sector, scores in order
            models.Index(
                fields=[
                    "kind",
                    "status",
                    "guideline_version",
                    "role",
                    "sector",
                    "code",
                    "score",
                    "organisation",
                ],
                name="score_line_benchmark",
            ),
            # the dashboard's histograms: GROUP BY code, sector, score read from the index alone
            models.Index(fields=["kind", "code", "sector", "score", "status"], name="score_line_histogram"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.kind} {self.code}: {self.score}"
