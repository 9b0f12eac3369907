"""Reads for the review pages, each in a fixed number of queries whatever the size of the queue,
the questionnaire or the discussion."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from assessments import scoring, workflow
from assessments.models import Assessment, AssessmentResult, Membership, ReviewComment
from guideline_content.selectors import triage_questions_of
from reviews.forms import UNDECIDED

ORDERINGS = {
    "waiting": [F("sent_for_review_at").asc(nulls_last=True), "pk"],
    "recent": [F("sent_for_review_at").desc(nulls_last=True), "-pk"],
    "organisation": ["organisation__name", "system__name", "pk"],
    "score_low": [F("overall").asc(nulls_last=True), "pk"],
    "score_high": [F("overall").desc(nulls_last=True), "pk"],
}


def dpo_staff() -> QuerySet[User]:
    return User.objects.filter(kind__in=[User.Kind.REVIEWER, User.Kind.DPO_ADMIN], is_active=True).order_by(
        "email"
    )


def with_overall(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate the overall score of each assessment's current revision (None until scored)."""
    current = AssessmentResult.objects.filter(
        assessment=OuterRef("pk"), revision=OuterRef("revision"), method_version=scoring.METHOD_VERSION
    )
    return assessments.annotate(overall=Subquery(current.values("overall")[:1]))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


POPULATION_LOOKUPS = {
    "tier": "tier__code",
    "role": "role__code",
    "sector": "system__sector",
    "version": "guideline_version__code",
    "sent_at": "sent_for_review_at",
}


def filter_population(
    rows: QuerySet, filters: dict, lookups: dict[str, str] = POPULATION_LOOKUPS
) -> QuerySet:
    """Apply the filters of PopulationFilterForm (cleaned data) to assessments, or to rows that carry
    the same facts under the names in `lookups` (score lines)."""
    for key in ("tier", "role", "sector", "version"):
        if filters.get(key):
            rows = rows.filter(**{lookups[key]: filters[key]})
    if filters.get("sent_from"):
        rows = rows.filter(**{f"{lookups['sent_at']}__gte": _start_of(filters["sent_from"])})
    if filters.get("sent_to"):
        rows = rows.filter(**{f"{lookups['sent_at']}__lt": _start_of(filters["sent_to"] + timedelta(days=1))})
    return rows


def filter_queue(assessments: QuerySet[Assessment], filters: dict, *, user: User) -> QuerySet[Assessment]:
    """Apply the queue's filters (cleaned QueueFilterForm data) and sorting."""
    status = filters.get("status")
    if status == UNDECIDED:
        assessments = assessments.exclude(status__in=workflow.DECIDED)
    elif status:
        assessments = assessments.filter(status=status)
    assessments = filter_population(assessments, filters)
    reviewer = filters.get("reviewer")
    if reviewer == "none":
        assessments = assessments.filter(reviewer__isnull=True)
    elif reviewer:
        assessments = assessments.filter(reviewer=reviewer)
    if filters.get("mine"):
        assessments = assessments.filter(reviewer=user)
    if filters.get("waiting_days") is not None:
        cutoff = timezone.now() - timedelta(days=filters["waiting_days"])
        assessments = assessments.filter(sent_for_review_at__lt=cutoff)
    return with_overall(assessments).order_by(*ORDERINGS[filters.get("sort") or "waiting"])


WAITING_FOR_DPO = {Assessment.Status.SENT_FOR_REVIEW, Assessment.Status.IN_REVIEW}


def days_waiting(assessment: Assessment) -> int | None:
    """Whole days since it was (last) sent; None while it is with the organisation or once decided."""
    if assessment.sent_for_review_at is None or assessment.status not in WAITING_FOR_DPO:
        return None
    return (timezone.now() - assessment.sent_for_review_at).days


def may_take(assessment: Assessment, user: User) -> bool:
    """Whether taking it for review is offered to `user` (the service decides for real)."""
    return workflow.allowed(workflow.Move.START_REVIEW, assessment.status) and assessment.reviewer_id in (
        None,
        user.pk,
    )


def sending_preview(assessment: Assessment) -> dict:
    """What the owner reads before sending an assessment to the DPO (the page and the API)."""
    from assessments.models import Evidence
    from assessments.services import scoring as scoring_services

    allowed = workflow.allowed(workflow.Move.SEND_FOR_REVIEW, assessment.status)
    return {
        "allowed": allowed,
        "refusal": "" if allowed else workflow.refusal(workflow.Move.SEND_FOR_REVIEW, assessment.status),
        "result": scoring_services.current_result(assessment),
        "evidence_count": Evidence.objects.filter(answer__assessment=assessment).count(),
    }


# ---------------------------------------------------------------- comments


@dataclass
class Thread:
    comment: ReviewComment
    replies: list[ReviewComment] = field(default_factory=list)


@dataclass
class Discussion:
    """Every comment of every round, with its replies: on the whole assessment, and by question code."""

    general: list[Thread]
    by_question: dict[str, list[Thread]]

    @property
    def threads(self) -> list[Thread]:
        return self.general + [t for threads in self.by_question.values() for t in threads]

    @property
    def open_count(self) -> int:
        return sum(t.comment.is_open for t in self.threads)

    def rounds(self) -> list[tuple[int, list[Thread]]]:
        by_round = defaultdict(list)
        for thread in self.threads:
            by_round[thread.comment.round].append(thread)
        return sorted(by_round.items(), reverse=True)


def discussion_of(assessment: Assessment) -> Discussion:
    """One query: all comments of the assessment, threaded."""
    comments = list(
        ReviewComment.objects.filter(assessment=assessment).select_related(
            "author", "question__dimension", "resolved_by"
        )
    )
    threads = {c.pk: Thread(c) for c in comments if c.parent_id is None}
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    general, by_question = [], defaultdict(list)
    for thread in threads.values():
        if thread.comment.question_id is None:
            general.append(thread)
        else:
            by_question[thread.comment.question.code].append(thread)
    return Discussion(general, dict(by_question))


# ---------------------------------------------------------------- review screen


def triage_lines(assessment: Assessment) -> list[tuple[str, str]]:
    """Each triage question with the organisation's answer, in the reader's language."""
    from django.utils.translation import gettext as _

    facts = assessment.triage_facts or {}
    lines = []
    for question in triage_questions_of(assessment.guideline_version_id):
        value = facts.get(question.code)
        labels = {o.code: o.label for o in question.options.all()}
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif isinstance(value, list):
            shown = ", ".join(labels.get(v, v) for v in value) or "—"
        else:
            shown = labels.get(value, value) if value is not None else "—"
        lines.append((question.text, shown))
    return lines


def waiting_for(user: User) -> dict:
    """What waits for the user, for the dashboard panel (a few counts and short lists)."""
    from assessments import permissions

    if permissions.can_review(user):
        sent = permissions.review_assessments_for(user)
        return {
            "queue_unassigned": sent.filter(
                status=Assessment.Status.SENT_FOR_REVIEW, reviewer__isnull=True
            ).count(),
            "mine": list(
                sent.filter(
                    reviewer=user, status__in=[Assessment.Status.SENT_FOR_REVIEW, Assessment.Status.IN_REVIEW]
                ).order_by("sent_for_review_at")[:10]
            ),
        }
    if user.kind == User.Kind.AUDITOR:
        return {"audits": list(permissions.audited_assessments_for(user).order_by("-updated_at")[:10])}
    mine = permissions.assessments_for(user)
    editable = [Membership.Role.OWNER, Membership.Role.EDITOR]
    return {
        "changes_requested": list(
            mine.filter(status=Assessment.Status.CHANGES_REQUESTED, my_role__in=editable).order_by(
                "updated_at"
            )[:10]
        ),
        "to_send": list(
            mine.filter(status=Assessment.Status.SUBMITTED, my_role=Membership.Role.OWNER).order_by(
                "-submitted_at"
            )[:10]
        ),
        "in_review": mine.filter(
            status__in=[Assessment.Status.SENT_FOR_REVIEW, Assessment.Status.IN_REVIEW]
        ).count(),
    }


# ---------------------------------------------------------------- queue export

QUEUE_EXPORT_FIELDS = (
    "pk",
    "organisation__name",
    "system__name",
    "system__sector",
    "role__code",
    "guideline_version__label",
    "tier__code",
    "status",
    "review_round",
    "sent_for_review_at",
    "reviewer__email",
    "overall",
)


def queue_export_headers() -> list[str]:
    from django.utils.translation import gettext as _

    return [
        _("Number"), _("Organisation"), _("AI system"), _("Sector"), _("Assessed as"),
        _("Guideline version"), _("Risk tier"), _("Status"), _("Review round"), _("Sent for review"),
        _("Days waiting"), _("Reviewer"), _("Overall score"),
    ]  # fmt: skip


def queue_export_rows(assessments: QuerySet[Assessment], labels: dict[str, dict[str, str]]):
    """Every assessment of the filtered queue as plain values, read in chunks (never all at once)."""
    now = timezone.now()
    statuses = dict(Assessment.Status.choices)
    for row in assessments.values_list(*QUEUE_EXPORT_FIELDS).iterator(chunk_size=2000):
        pk, organisation, system, sector, role, version, tier, status, rounds, sent, reviewer, overall = row
        waiting = (now - sent).days if sent and status in WAITING_FOR_DPO else None
        yield [
            pk, organisation, system, labels["sector"].get(sector, sector), labels["role"].get(role, role),
            version, labels["tier"].get(tier, tier or ""), str(statuses.get(status, status)), rounds,
            timezone.localtime(sent).strftime("%Y-%m-%d %H:%M") if sent else "", waiting, reviewer or "",
            overall,
        ]  # fmt: skip
