"""Reading an assessment's questionnaire: which questions apply, how far it is, what is missing.

`load_questionnaire` fetches everything in a fixed number of queries, whatever the number of
questions or answers; the rest are plain functions over what it returns.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from assessments.models import Answer, AnswerChange, Assessment
from guideline_content.models import AnswerScheme, Dimension, Obligation, Question
from guideline_content.triage import condition_holds

MEASURE_IN_PLACE = Decimal("0.5")  # an option scoring at least this claims that a measure is in place


@dataclass
class Item:
    question: Question
    answer: Answer | None
    applies: bool
    conflict: Answer | None = None  # set when a save was refused because someone else saved first
    shown: dict = field(default_factory=dict)  # the values a form shows (the user's, after an error)

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


def question_applies(question: Question, assessment: Assessment) -> bool:
    """A question applies once triage is done, when the tier is one its obligations apply to and its
    own condition holds for the triage facts."""
    if not assessment.triage_done or assessment.tier_id is None:
        return False
    tiers = {tier.pk for obligation in question.obligations.all() for tier in obligation.tiers.all()}
    return assessment.tier_id in tiers and condition_holds(question.applies_when, assessment.triage_facts)


def questions_of(assessment: Assessment):
    return (
        Question.objects.filter(version=assessment.guideline_version_id, role=assessment.role_id)
        .select_related("dimension")
        .prefetch_related(
            Prefetch(
                "obligations", queryset=Obligation.objects.select_related("topic").prefetch_related("tiers")
            ),
            "options",
            Prefetch("scheme", queryset=AnswerScheme.objects.prefetch_related("options")),
        )
        .order_by("order")
    )


def answers_of(assessment: Assessment):
    return (
        Answer.objects.filter(assessment=assessment)
        .select_related("updated_by")
        .prefetch_related(
            "evidence", Prefetch("changes", queryset=AnswerChange.objects.select_related("changed_by"))
        )
    )


def load_questionnaire(assessment: Assessment) -> Questionnaire:
    answers = {answer.question_id: answer for answer in answers_of(assessment)}
    sections = {d.pk: Section(d) for d in Dimension.objects.filter(version=assessment.guideline_version_id)}
    hidden = []
    for question in questions_of(assessment):
        item = Item(question, answers.get(question.pk), question_applies(question, assessment))
        if item.applies:
            sections[question.dimension_id].items.append(item)
        else:
            hidden.append(item)
    return Questionnaire(assessment, list(sections.values()), hidden)


@dataclass(frozen=True)
class Progress:
    answered: int
    applicable: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 0


def progress_for(assessments: list[Assessment]) -> dict[int, Progress]:
    """Answered over applicable questions for many assessments, in a fixed number of queries."""
    combos = {(a.guideline_version_id, a.role_id) for a in assessments}
    questions: dict[tuple[int, int], list[Question]] = {combo: [] for combo in combos}
    if combos:
        combo_filter = Q()
        for version_id, role_id in combos:
            combo_filter |= Q(version=version_id, role=role_id)
        for question in Question.objects.filter(combo_filter).prefetch_related(
            Prefetch("obligations", queryset=Obligation.objects.prefetch_related("tiers"))
        ):
            questions[(question.version_id, question.role_id)].append(question)
    answered = {
        (assessment_id, question_id)
        for assessment_id, question_id, value, not_applicable, na_reason in Answer.objects.filter(
            assessment__in=assessments
        ).values_list("assessment_id", "question_id", "value", "not_applicable", "na_reason")
        if value or (not_applicable and na_reason.strip())
    }
    result = {}
    for assessment in assessments:
        applicable = [
            q
            for q in questions[(assessment.guideline_version_id, assessment.role_id)]
            if question_applies(q, assessment)
        ]
        done = sum((assessment.pk, q.pk) in answered for q in applicable)
        result[assessment.pk] = Progress(done, len(applicable))
    return result
