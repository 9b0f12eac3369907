"""Many answers in one go, all or nothing: the API's bulk upsert and the spreadsheet import.

Each update goes through `save_answer`, so the rules are exactly those of the web form (options,
N/A, triage, locked submissions, and the overwrite-conflict rule on each answer's version). One
refused update refuses the whole batch: nothing is stored and every refusal is reported.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Answer, Assessment
from assessments.services import ServiceError
from assessments.services.assessments import AnswerConflict, save_answer
from assessments.services.questionnaire import content_of

MAX_BATCH = 500  # far more than any questionnaire has questions


@dataclass(frozen=True)
class AnswerUpdate:
    question_code: str
    value: str = ""
    not_applicable: bool = False
    na_reason: str = ""
    comment: str = ""
    # The answer version the sender started from (0 for an unanswered question); None skips the check.
    expected_version: int | None = None
    row: int | None = None  # where it came from (a spreadsheet row), for messages


@dataclass(frozen=True)
class Rejection:
    index: int
    question_code: str
    code: str  # "conflict", "invalid", "unknown_question", "duplicate"
    message: str
    row: int | None = None
    current: Answer | None = None  # for conflicts: what is stored now


@dataclass(frozen=True)
class Change:
    question_code: str
    old: dict | None  # None when the question had no answer
    new: dict
    answer: Answer | None = None  # the stored answer (None in a dry run)

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class BulkOutcome:
    changes: list[Change] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    applied: bool = False

    @property
    def changed(self) -> list[Change]:
        return [change for change in self.changes if change.changed]


class BulkRejected(ServiceError):
    """At least one update was refused; nothing was stored. `outcome.rejections` lists every refusal."""

    def __init__(self, outcome: BulkOutcome):
        self.outcome = outcome
        super().__init__(
            _("%(n)s of the answers were refused, so none was saved.") % {"n": len(outcome.rejections)}
        )


def _normalised(update: AnswerUpdate) -> dict:
    value = "" if update.not_applicable else update.value.strip()
    return {
        "value": value,
        "not_applicable": update.not_applicable,
        "na_reason": update.na_reason.strip(),
        "comment": update.comment.strip(),
    }


def upsert_answers(
    *, assessment: Assessment, updates: list[AnswerUpdate], by: User, dry_run: bool = False
) -> BulkOutcome:
    """Save every update in one transaction, or none.

    Returns the outcome with one `Change` per update (unchanged ones included). With `dry_run` the
    changes are checked exactly as for real, then rolled back. Raises BulkRejected (nothing stored)
    when any update is refused, and ServiceError when the batch itself is unacceptable.
    """
    if not updates:
        raise ServiceError(_("There are no answers to save."))
    if not assessment.answers_open:
        raise ServiceError(_("This assessment has been submitted: its answers are locked."))
    if len(updates) > MAX_BATCH:
        raise ServiceError(_("Send at most %(n)s answers at once.") % {"n": MAX_BATCH})
    kept = content_of(assessment).by_code
    questions = {u.question_code: kept[u.question_code] for u in updates if u.question_code in kept}
    stored = {
        a.question.code: a for a in Answer.objects.filter(assessment=assessment).select_related("question")
    }
    outcome, seen = BulkOutcome(), set()
    with transaction.atomic():
        for index, update in enumerate(updates):
            rejection = _apply_one(assessment, questions, stored, seen, index, update, by, outcome)
            if rejection:
                outcome.rejections.append(rejection)
        if outcome.rejections or dry_run:
            transaction.set_rollback(True)
    if outcome.rejections:
        raise BulkRejected(outcome)
    outcome.applied = not dry_run
    return outcome


def _apply_one(assessment, questions, stored, seen, index, update, by, outcome) -> Rejection | None:
    code = update.question_code
    reject = lambda kind, message, current=None: Rejection(  # noqa: E731
        index, code, kind, message, update.row, current
    )
    question = questions.get(code)
    if question is None:
        return reject(
            "unknown_question", _("There is no question %(code)s in this assessment.") % {"code": code}
        )
    if code in seen:
        return reject("duplicate", _("Question %(code)s appears more than once.") % {"code": code})
    seen.add(code)
    before = stored.get(code)
    try:
        answer = save_answer(
            assessment=assessment,
            question=question,
            by=by,
            value=update.value,
            not_applicable=update.not_applicable,
            na_reason=update.na_reason,
            comment=update.comment,
            expected_version=update.expected_version,
        )
    except AnswerConflict as exc:
        return reject("conflict", str(exc), exc.current)
    except ServiceError as exc:
        return reject("invalid", str(exc))
    outcome.changes.append(Change(code, before.snapshot() if before else None, _normalised(update), answer))
    return None
