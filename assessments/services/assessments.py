"""Starting, triaging, answering, submitting and copying assessments."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

import magic
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import AISystem, Answer, AnswerChange, Assessment, AuditEvent, Evidence
from assessments.services import ServiceError, scoring
from assessments.services.audit import record_event
from assessments.services.questionnaire import content_of, load_questionnaire, question_applies
from guideline_content import sectors
from guideline_content.models import GuidelineVersion, Question, RiskTier, TriageQuestion
from guideline_content.published import role_content, version_content
from guideline_content.triage import Rule, decide_tier
from portal.text import list_separator

# Evidence types, recognised from the file's content, never from its name.
EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP",
    "text/plain": "text", "text/csv": "CSV",
    "application/msword": "Word", "application/vnd.ms-excel": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
}  # fmt: skip
# The names a file of each type may keep; any other is replaced by the first (a PDF named .html is
# offered as .pdf: the browser that opens a downloaded copy goes by the name, not by the content).
EVIDENCE_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",), "image/jpeg": (".jpg", ".jpeg"), "image/gif": (".gif",), "image/webp": (".webp",),
    "text/plain": (".txt", ".text", ".md"), "text/csv": (".csv",),
    "application/msword": (".doc",), "application/vnd.ms-excel": (".xls",),
    "application/vnd.ms-powerpoint": (".ppt",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
}  # fmt: skip
MAX_ANSWER_LENGTH = 10_000
# C0 controls but tab, line feed and carriage return (NUL is refused before it reaches any view)
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class AnswerConflict(ServiceError):
    """Someone saved the answer since the user loaded it; `current` is what is stored now."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__(_("Someone else changed this answer while you were editing it. Nothing was saved."))


def _log(assessment: Assessment, action: str, by: User, **detail) -> None:
    record_event(action, actor=by, assessment=assessment, **detail)


def _touch(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(revision=F("revision") + 1, updated_at=timezone.now())


def start_assessment(*, system: AISystem, role_code: str, version: GuidelineVersion, by: User) -> Assessment:
    """Start a draft assessment of `system` in one role, pinned to a published guideline version."""
    if not version.is_published:
        raise ServiceError(_("Assessments can only be made against a published guideline version."))
    role = version_content(version).role(role_code)
    if role is None:
        raise ServiceError(_("This guideline version has no such role."))
    with transaction.atomic():
        assessment = Assessment.objects.create(
            organisation_id=system.organisation_id,
            system=system,
            guideline_version=version,
            role=role,
            created_by=by,
        )
        _log(assessment, AuditEvent.Action.CREATED, by)
    return assessment


def clean_triage_facts(version: GuidelineVersion, answers: dict) -> dict:
    """Keep only known facts with valid values. Raises ServiceError naming an unanswered question."""
    facts = {}
    for question in version_content(version).triage_questions:
        value = answers.get(question.code)
        options = {o.code for o in question.choices}
        if question.kind == TriageQuestion.Kind.BOOLEAN:
            valid = isinstance(value, bool)
        elif question.kind == TriageQuestion.Kind.CHOICE:
            valid = value in options
        else:
            valid = isinstance(value, list) and set(value) <= options
        if not valid:
            raise ServiceError(
                _("Answer every triage question: “%(text)s” is missing.") % {"text": question.text}
            )
        facts[question.code] = value
    return facts


def triage_prefill(assessment: Assessment) -> dict:
    """The facts to show in the triage form: those stored, or before the first triage what the register
    already says about the system (its sector), so nobody is asked twice."""
    if assessment.triage_facts is not None:
        return assessment.triage_facts
    return {sectors.SECTOR_FACT: assessment.system.sector}


def decide_assessment_tier(version: GuidelineVersion, facts: dict) -> tuple[RiskTier, list[str]]:
    content = version_content(version)
    rules = [Rule(r.code, r.tier.code, r.tier.rank, r.when, r.reason) for r in content.tier_rules]
    default = next(t for t in content.tiers.values() if t.pk == version.default_tier_id)
    decision = decide_tier(rules, facts, default_tier=default.code, default_reason="")
    return content.tiers[decision.tier], list(decision.deciding_rules)


def save_triage(*, assessment: Assessment, answers: dict, by: User) -> Assessment:
    """Store the triage answers and the tier they decide. Answers to questions that stop applying are
    kept but no longer shown or counted."""
    facts = clean_triage_facts(assessment.guideline_version, answers)
    tier, rule_codes = decide_assessment_tier(assessment.guideline_version, facts)
    with transaction.atomic():
        assessment.triage_facts, assessment.tier, assessment.tier_rules = facts, tier, rule_codes
        assessment.save(update_fields=["triage_facts", "tier", "tier_rules", "updated_at"])
        _touch(assessment)
        _log(assessment, AuditEvent.Action.TRIAGED, by, tier=tier.code, rules=rule_codes)
    return assessment


def tier_reasons(assessment: Assessment) -> list[str]:
    """Why the assessment has its tier, in the reader's language."""
    if not assessment.tier_rules:
        return [assessment.guideline_version.default_tier_reason]
    chosen = set(assessment.tier_rules)
    return [
        rule.reason
        for rule in version_content(assessment.guideline_version).tier_rules
        if rule.code in chosen
    ]


@dataclass(frozen=True)
class TriageLine:
    question: TriageQuestion
    answer: str  # in the reader's language


def triage_answers(assessment: Assessment) -> list[TriageLine]:
    """The triage questions with the stored answers as the reader reads them; empty before triage."""
    if not assessment.triage_done:
        return []
    lines = []
    for question in version_content(assessment.guideline_version).triage_questions:
        value = assessment.triage_facts.get(question.code)
        labels = {o.code: o.label for o in question.choices}
        if isinstance(value, bool):
            answer = _("Yes") if value else _("No")
        elif isinstance(value, list):
            answer = list_separator().join(labels.get(code, code) for code in value) or _("None")
        else:
            answer = labels.get(value, value) if value is not None else "—"
        lines.append(TriageLine(question, answer))
    return lines


def _valid_value(question: Question, value: str) -> bool:
    if question.scheme.kind == "text":
        return len(value) <= MAX_ANSWER_LENGTH
    options = question.options.all() or question.scheme.options.all()
    return value in {option.code for option in options}


def save_answer(
    *,
    assessment: Assessment,
    question: Question,
    by: User,
    value: str = "",
    not_applicable: bool = False,
    na_reason: str = "",
    comment: str = "",
    expected_version: int | None = None,
) -> Answer:
    """Save one answer if it changed. `expected_version` is the answer version the user started from
    (None or 0 for a new answer); a stale one raises AnswerConflict and saves nothing.

    "Not applicable" may be saved before its reason is written: the review lists it until it has one.
    Raises ServiceError for a submitted assessment, a question that does not apply, N/A where the
    question does not allow it, or a value outside the question's options.
    """
    value, na_reason, comment = value.strip(), na_reason.strip(), comment.strip()
    if not assessment.answers_open:
        raise ServiceError(_("This assessment has been submitted: its answers are locked."))
    if question.version_id != assessment.guideline_version_id or question.role_id != assessment.role_id:
        raise ServiceError(_("This question is not part of this assessment."))
    if not question_applies(question, assessment):
        raise ServiceError(_("This question does not apply to this system after triage."))
    if not_applicable and not question.allow_na:
        raise ServiceError(_("This question cannot be answered “not applicable”."))
    if not_applicable:
        value = ""
    elif value and not _valid_value(question, value):
        raise ServiceError(_("That is not one of this question's answers."))
    if len(na_reason) > MAX_ANSWER_LENGTH or len(comment) > MAX_ANSWER_LENGTH:
        raise ServiceError(_("Text is limited to %(n)s characters.") % {"n": MAX_ANSWER_LENGTH})
    if any(CONTROL_CHARACTERS.search(text) for text in (value, na_reason, comment)):
        # invisible, and refused by the spreadsheet format the answers are exported to
        raise ServiceError(
            _("The text contains an invisible control character (such as Escape): remove it and save again.")
        )
    new = {"value": value, "not_applicable": not_applicable, "na_reason": na_reason, "comment": comment}

    with transaction.atomic():
        current = Answer.objects.select_for_update().filter(assessment=assessment, question=question).first()
        if current is None:
            if expected_version:
                raise AnswerConflict(_blank_answer(assessment, question, by))
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(
                        assessment=assessment, question=question, updated_by=by, **new
                    )
            except IntegrityError:  # created meanwhile by someone else
                raise AnswerConflict(Answer.objects.get(assessment=assessment, question=question)) from None
            old = None
        else:
            if expected_version is not None and expected_version != current.version:
                raise AnswerConflict(current)
            old = current.snapshot()
            if old == new and not current.needs_recheck:
                return current
            Answer.objects.filter(pk=current.pk).update(
                **new, needs_recheck=False, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
            )
            answer = Answer.objects.get(pk=current.pk)
        AnswerChange.objects.create(answer=answer, changed_by=by, old=old, new=new)
        _touch(assessment)
    return answer


def _blank_answer(assessment: Assessment, question: Question, by: User) -> Answer:
    return Answer(assessment=assessment, question=question, updated_by=by, version=0)


def _safe_name(name: str) -> str:
    """A display name without path parts or control characters (the stored name is random anyway)."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return name.strip(" .")[:200] or "evidence"


def name_for_type(name: str, content_type: str) -> str:
    """`name` with an extension that says what the content is (also applied on the way out, for files
    stored before names were checked)."""
    allowed = EVIDENCE_EXTENSIONS.get(content_type)
    if allowed is None:
        return name
    path = PurePath(name)
    if path.suffix.lower() in allowed:
        return name
    stem = path.stem if path.suffix else name
    return f"{stem[: 200 - len(allowed[0])]}{allowed[0]}"


def add_evidence(*, assessment: Assessment, question: Question, upload: File, by: User) -> Evidence:
    """Attach a file to the answer of `question`. Checks size and type (by content); records SHA-256."""
    if not assessment.answers_open:
        raise ServiceError(_("This assessment has been submitted: its evidence is locked."))
    if not question_applies(question, assessment):
        raise ServiceError(_("This question does not apply to this system after triage."))
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ServiceError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    if upload.size == 0:
        raise ServiceError(_("The file is empty."))
    upload.seek(0)
    content_type = magic.from_buffer(upload.read(1024 * 1024), mime=True)
    if content_type not in EVIDENCE_TYPES:
        raise ServiceError(
            _("This kind of file cannot be attached. Allowed: PDF, images, office documents, text and CSV.")
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        answer, _created = Answer.objects.get_or_create(
            assessment=assessment, question=question, defaults={"updated_by": by}
        )
        evidence = Evidence(
            answer=answer,
            original_name=name_for_type(_safe_name(upload.name or ""), content_type),
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
        )
        evidence.file.save("upload", upload, save=False)
        evidence.save()
        _touch(assessment)
    return evidence


def remove_evidence(*, evidence: Evidence, by: User) -> None:
    assessment = evidence.answer.assessment
    if not assessment.answers_open:
        raise ServiceError(_("This assessment has been submitted: its evidence is locked."))
    with transaction.atomic():
        evidence.delete()
        transaction.on_commit(lambda: evidence.file.delete(save=False))
        _touch(assessment)


def submit_assessment(*, assessment: Assessment, by: User) -> Assessment:
    """Lock a complete draft and record who submitted it and when.

    Raises ServiceError if triage is not done, an applicable question is unanswered or a "not
    applicable" lacks its reason, or if it was submitted meanwhile. This is the one place a
    submission happens: scoring and review hook in here.
    """
    questionnaire = load_questionnaire(assessment)
    if not questionnaire.can_submit:
        raise ServiceError(_("Some answers are still missing: see the list below."))
    with transaction.atomic():
        moved = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT).update(
            status=Assessment.Status.SUBMITTED,
            submitted_by=by,
            submitted_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if moved != 1:
            raise ServiceError(_("This assessment has already been submitted."))
        _log(
            assessment,
            AuditEvent.Action.SUBMITTED,
            by,
            revision=assessment.revision,
            answered=questionnaire.answered,
            applicable=questionnaire.applicable,
        )
        scoring.enqueue_after_commit(assessment.pk)
    assessment.refresh_from_db()
    return assessment


def _question_signature(question: Question) -> tuple:
    options = question.options.all() or question.scheme.options.all()
    return (
        question.text_en,
        question.text_zh_hant,
        question.help_en,
        question.help_zh_hant,
        question.scheme.code,
        tuple((o.code, o.score) for o in options),
        question.applies_when,
        question.allow_na,
        tuple(sorted(o.code for o in question.obligations.all())),
    )


def copy_assessment(*, source: Assessment, version: GuidelineVersion, by: User) -> Assessment:
    """Start a new draft from `source`, on `version` (the same or a newer edition or questionnaire
    revision: a revision is copied onto exactly like an edition).

    Triage answers carry over where the triage question still exists. Answers carry over where the
    question code still exists; those whose question changed, or whose value no longer fits, are
    marked to be checked again. Evidence files are copied, so each assessment keeps its own.
    """
    if not version.is_published or source.guideline_version.is_newer_than(version):
        raise ServiceError(_("Copy onto the same or a newer published guideline version or revision."))
    role = version_content(version).role(source.role.code)
    target_questions = role_content(version, role.pk).by_code if role else {}
    source_questions = content_of(source).by_id
    source_answers = Answer.objects.filter(assessment=source).prefetch_related("evidence")
    with transaction.atomic():
        copy = start_assessment(system=source.system, role_code=source.role.code, version=version, by=by)
        copy.copied_from = source
        copy.save(update_fields=["copied_from"])
        if source.triage_facts is not None:
            known = {q.code for q in version_content(version).triage_questions}
            facts = {code: value for code, value in source.triage_facts.items() if code in known}
            try:
                save_triage(assessment=copy, answers=facts, by=by)
            except ServiceError:
                pass  # the new version asks something new: triage stays open for the user
        for old in source_answers:
            old_question = source_questions[old.question_id]
            question = target_questions.get(old_question.code)
            if question is None:
                continue
            fits = not old.value or _valid_value(question, old.value)
            changed = _question_signature(question) != _question_signature(old_question)
            answer = Answer.objects.create(
                assessment=copy,
                question=question,
                updated_by=by,
                value=old.value if fits else "",
                not_applicable=old.not_applicable and question.allow_na,
                na_reason=old.na_reason,
                comment=old.comment,
                needs_recheck=changed or not fits,
            )
            for evidence in old.evidence.all():
                _copy_evidence(evidence, answer)
        _log(copy, AuditEvent.Action.COPIED, by, source=source.pk)
    return copy


def _copy_evidence(evidence: Evidence, answer: Answer) -> None:
    with evidence.file.open("rb") as stored:
        content = ContentFile(stored.read())
    clone = Evidence(
        answer=answer,
        original_name=evidence.original_name,
        content_type=evidence.content_type,
        size=evidence.size,
        sha256=evidence.sha256,
        uploaded_by=evidence.uploaded_by,
    )
    clone.file.save("copy", content, save=False)
    clone.save()
