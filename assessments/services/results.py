"""Reading a stored result for people: every number with the names, answers and weights behind it,
in the reader's language. A fixed number of queries, whatever the size of the questionnaire."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language

from assessments.models import Assessment, AssessmentResult
from assessments.services.questionnaire import content_of
from guideline_content import crosswalks
from guideline_content.models import Obligation, Question
from guideline_content.triage import condition_holds


@dataclass
class QuestionLine:
    question: Question
    status: str
    answer_label: str
    fraction: Decimal | None
    weight: Decimal
    points: Decimal
    possible: Decimal


@dataclass
class ObligationLine:
    obligation: Obligation
    score: Decimal
    points: Decimal
    possible: Decimal
    weight: Decimal
    questions: list[QuestionLine] = field(default_factory=list)


@dataclass
class GroupLine:
    item: object  # a Dimension or a Principle
    score: Decimal | None
    points: Decimal
    possible: Decimal
    obligations: list[ObligationLine] = field(default_factory=list)


@dataclass
class GapLine:
    obligation: Obligation
    severity: str
    score: Decimal
    threshold: Decimal
    uplift: Decimal


@dataclass
class ResultView:
    stored: AssessmentResult
    overall_points: Decimal
    overall_possible: Decimal
    dimensions: list[GroupLine]
    principles: list[GroupLine]
    gaps: list[GapLine]
    capped_by: list[Obligation]
    excluded: list[Obligation]  # apply to this system, but nothing was scored (all N/A or free text)
    hidden_questions: list[Question]
    radar_svg: str
    principles_svg: str
    questions_counted: int


def gaps_mapped_to(gaps: list[GapLine], framework: str) -> list[GapLine]:
    """The gaps whose recommendation the portal maps to `framework`; all of them without one."""
    return [g for g in gaps if not framework or crosswalks.matches(g.obligation.crosswalks, framework)]


def _label(labels: dict, question: str, value: str) -> str:
    option = labels.get((question, value))
    return value if option is None else str(option.label)


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def result_view(assessment: Assessment, stored: AssessmentResult) -> ResultView:
    detail = stored.detail
    content = content_of(assessment)
    obligations, questions = content.obligations, content.by_code
    labels = content.memo.get(
        "labels", lambda: {(q.code, o.code): o for q in content.questions for o in content.options_of(q)}
    )

    lines = {}
    for stored_ob in detail["obligations"]:
        lines[stored_ob["code"]] = ObligationLine(
            obligation=obligations[stored_ob["code"]],
            score=Decimal(stored_ob["score"]),
            points=Decimal(stored_ob["points"]),
            possible=Decimal(stored_ob["possible"]),
            weight=Decimal(stored_ob["weight"]),
            questions=[
                QuestionLine(
                    question=questions[q["code"]],
                    status=q["status"],
                    answer_label=_label(labels, q["code"], q["value"]),
                    fraction=_d(q["fraction"]),
                    weight=Decimal(q["weight"]),
                    points=Decimal(q["points"]),
                    possible=Decimal(q["possible"]),
                )
                for q in stored_ob["questions"]
            ],
        )

    def groups(key: str, kept) -> list[GroupLine]:
        items = {i.code: i for i in kept}
        return [
            GroupLine(
                items[g["code"]],
                _d(g["score"]),
                Decimal(g["points"]),
                Decimal(g["possible"]),
                [lines[code] for code in g["obligations"]],
            )
            for g in detail[key]
        ]

    # Scoring leaves out every tier-applicable obligation with nothing scored, including those whose
    # questions never apply to this system (another sector's, say): only the former may be called applicable.
    facts = assessment.triage_facts or {}
    reachable = {
        obligation.code
        for question in questions.values()
        if condition_holds(question.applies_when, facts)
        for obligation in question.obligations.all()
    }
    language = get_language() or "en"
    charts = stored.charts.get(language) or stored.charts.get("en", {})
    return ResultView(
        stored=stored,
        overall_points=Decimal(detail["overall"]["points"]),
        overall_possible=Decimal(detail["overall"]["possible"]),
        dimensions=groups("dimensions", content.version.dimensions),
        principles=groups("principles", content.version.principles),
        gaps=[
            GapLine(
                obligations[g["obligation"]],
                g["severity"],
                Decimal(g["score"]),
                Decimal(g["threshold"]),
                Decimal(g["uplift"]),
            )
            for g in detail["gaps"]
        ],
        capped_by=[obligations[code] for code in detail["capped_by"]],
        excluded=[obligations[code] for code in detail["excluded_obligations"] if code in reachable],
        hidden_questions=[questions[code] for code in detail["questions_hidden"]],
        radar_svg=charts.get("radar", ""),
        principles_svg=charts.get("principles", ""),
        questions_counted=detail["questions_counted"],
    )
