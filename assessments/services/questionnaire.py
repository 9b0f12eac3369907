"""Reading an assessment's questionnaire: which questions apply, how far it is, what is missing.

The guideline content comes from `guideline_content.published` (read once per process); an
assessment's own rows are read in a fixed number of queries, whatever the number of questions or
answers. The rest are plain functions over what `load_questionnaire` returns.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from assessments.models import Answer, AnswerChange, Assessment
from guideline_content.models import Dimension, Question
from guideline_content.published import RoleContent, role_content
from guideline_content.triage import condition_holds

MEASURE_IN_PLACE = Decimal("0.5")  # an option scoring at least this claims that a measure is in place
HISTORY_SHOWN = 10  # changes listed with a question; the whole history is one click away
# Answered: a value, or "not applicable" with its reason (save_answer strips the reason).
ANSWERED = ~Q(value="") | (Q(not_applicable=True) & ~Q(na_reason=""))


@dataclass
class Item:
    question: Question
    answer: Answer | None
    applies: bool
    conflict: Answer | None = None  # set when a save was refused because someone else saved first
    shown: dict = field(default_factory=dict)  # the values a form shows (the user's, after an error)
    history: list[AnswerChange] = field(default_factory=list)  # the latest changes, when loaded
    history_count: int = 0  # all changes, when the history was loaded

    @property
    def is_answered(self) -> bool:
        return self.answer is not None and self.answer.is_answered

    @property
    def needs_reason(self) -> bool:
        return self.answer is not None and self.answer.not_applicable and not self.answer.na_reason.strip()

    @property
    def options(self) -> list:
        """The options a user chooses from: the question's own, or its scheme's."""
        return list(self.question.options.all()) or list(self.question.scheme.options.all())

    def label_of(self, value: str) -> str:
        """The option label of a stored value, or the value itself for free text."""
        return next((str(o.label) for o in self.options if o.code == value), value)

    def describe(self, snapshot: dict | None) -> str:
        """A one-line reading of a stored answer, for the history."""
        if not snapshot:
            return "—"
        if snapshot.get("not_applicable"):
            return _("Not applicable: %(reason)s") % {"reason": snapshot.get("na_reason") or "…"}
        text = self.label_of(snapshot.get("value", "")) or "—"
        if snapshot.get("comment"):
            text += " · " + _("comment: %(comment)s") % {"comment": snapshot["comment"]}
        return text

    def chosen_score(self) -> Decimal | None:
        if self.answer is None or self.answer.not_applicable or not self.answer.value:
            return None
        return next((o.score for o in self.options if o.code == self.answer.value), None)

    @property
    def lacks_evidence(self) -> bool:
        """Claims a measure is in place, the question expects evidence, and nothing is attached."""
        score = self.chosen_score()
        return (
            score is not None
            and score >= MEASURE_IN_PLACE
            and bool(self.question.evidence_example_list)
            and not self.answer.evidence.all()
        )


@dataclass
class Section:
    dimension: Dimension
    items: list[Item] = field(default_factory=list)  # applicable questions only, in order

    @property
    def answered(self) -> int:
        return sum(item.is_answered for item in self.items)

    @property
    def state(self) -> str:
        if not self.items:
            return "empty"
        if self.answered == len(self.items):
            return "complete"
        return "in_progress" if any(item.answer for item in self.items) else "not_started"


@dataclass
class Questionnaire:
    assessment: Assessment
    sections: list[Section]
    hidden: list[Item]  # questions that do not apply after triage (kept, never counted)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    @property
    def applicable(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(section.answered for section in self.sections)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 0

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.dimension.code == code), None)

    def item(self, question_code: str) -> Item | None:
        return next((i for i in self.items + self.hidden if i.question.code == question_code), None)

    @property
    def unanswered(self) -> list[Item]:
        return [item for item in self.items if not item.is_answered and not item.needs_reason]

    @property
    def missing_reasons(self) -> list[Item]:
        return [item for item in self.items if item.needs_reason]

    @property
    def evidence_warnings(self) -> list[Item]:
        return [item for item in self.items if item.lacks_evidence]

    @property
    def can_submit(self) -> bool:
        return self.assessment.triage_done and not self.unanswered and not self.missing_reasons


def content_of(assessment: Assessment) -> RoleContent:
    """The guideline content of the assessment's pinned version and role."""
    return role_content(assessment.guideline_version, assessment.role_id)


def applicable_ids(assessment: Assessment) -> frozenset[int]:
    """The ids of the questions that apply: once triage is done, those whose obligations apply to the
    tier and whose own condition holds for the triage facts. Decided once per tier and facts."""
    if not assessment.triage_done or assessment.tier_id is None:
        return frozenset()
    content, tier, facts = content_of(assessment), assessment.tier_id, assessment.triage_facts
    return content.memo.get(
        ("applies", tier, json.dumps(facts, sort_keys=True)),
        lambda: frozenset(
            q.pk
            for q in content.questions
            if tier in content.tier_ids[q.pk] and condition_holds(q.applies_when, facts)
        ),
    )


def question_applies(question: Question, assessment: Assessment) -> bool:
    """Whether `question` (of the assessment's version and role) applies after triage."""
    return question.pk in applicable_ids(assessment)


def answers_of(assessment: Assessment):
    return (
        Answer.objects.filter(assessment=assessment).select_related("updated_by").prefetch_related("evidence")
    )


def history_of(answer_ids: list[int], limit: int | None = HISTORY_SHOWN) -> dict[int, tuple[list, int]]:
    """answer id -> (its latest `limit` changes, newest first; how many there are), in one query."""
    changes = (
        AnswerChange.objects.filter(answer_id__in=answer_ids)
        .select_related("changed_by")
        .annotate(
            row=Window(
                RowNumber(), partition_by=[F("answer_id")], order_by=[F("changed_at").desc(), F("pk").desc()]
            ),
            total=Window(Count("pk"), partition_by=[F("answer_id")]),
        )
        .order_by("answer_id", "row")
    )
    if limit is not None:
        changes = changes.filter(row__lte=limit)
    history: dict[int, tuple[list, int]] = {}
    for change in changes:
        history.setdefault(change.answer_id, ([], change.total))[0].append(change)
    return history


def load_questionnaire(assessment: Assessment, *, history_for: str | None = None) -> Questionnaire:
    """The questionnaire with the assessment's answers and evidence; with `history_for` (a section
    code), also the latest changes of that section's answers."""
    content = content_of(assessment)
    applicable = applicable_ids(assessment)
    answers = {answer.question_id: answer for answer in answers_of(assessment)}
    sections = {d.pk: Section(d) for d in content.version.dimensions}
    hidden = []
    for question in content.questions:
        item = Item(question, answers.get(question.pk), question.pk in applicable)
        if item.applies:
            sections[question.dimension_id].items.append(item)
        else:
            hidden.append(item)
    questionnaire = Questionnaire(assessment, list(sections.values()), hidden)
    section = questionnaire.section(history_for) if history_for else None
    if section is not None:
        attach_history([item for item in section.items if item.answer])
    return questionnaire


def attach_history(items: list[Item], limit: int | None = HISTORY_SHOWN) -> None:
    history = history_of([item.answer.pk for item in items], limit)
    for item in items:
        item.history, item.history_count = history.get(item.answer.pk, ([], 0))


@dataclass(frozen=True)
class Progress:
    answered: int
    applicable: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 0


def progress_for(assessments: list[Assessment]) -> dict[int, Progress]:
    """Answered over applicable questions for many assessments, in one query (the answered answers)."""
    answered: dict[int, set[int]] = defaultdict(set)
    for assessment_id, question_id in Answer.objects.filter(
        ANSWERED, assessment_id__in=[a.pk for a in assessments]
    ).values_list("assessment_id", "question_id"):
        answered[assessment_id].add(question_id)
    result = {}
    for assessment in assessments:
        applicable = applicable_ids(assessment)
        result[assessment.pk] = Progress(len(applicable & answered[assessment.pk]), len(applicable))
    return result
