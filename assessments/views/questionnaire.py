"""Answering: one section per page, autosave per question (HTMX), evidence files.

Without JavaScript the section is one multipart form: every button on it (Save, Upload, Remove)
saves every answer of the section and attaches every chosen file, so no button can drop what the
user entered elsewhere on the page. With JavaScript each question also saves itself as soon as it
changes and only a small status region is swapped, so the user's cursor and typing are never
disturbed.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import downloads, permissions
from assessments.forms.questionnaire import AnswerForm, EvidenceForm
from assessments.permissions import Action
from assessments.services import ServiceError
from assessments.services import assessments as services
from assessments.services.questionnaire import Questionnaire, Section, attach_history, load_questionnaire


def _section_or_404(questionnaire: Questionnaire, code: str) -> Section:
    section = questionnaire.section(code)
    if section is None:
        raise Http404
    return section


def _item_or_404(questionnaire: Questionnaire, code: str):
    item = questionnaire.item(code)
    if item is None or not item.applies:
        raise Http404
    return item


def _save(request: HttpRequest, assessment, item) -> tuple[object, str | None]:
    """Save one question's posted answer. Returns (answer or None, error message or None)."""
    form = AnswerForm(request.POST, prefix=item.question.code)
    if not form.is_valid():
        return None, _("The answer could not be read. Please try again.")
    data = form.cleaned_data
    if not data["version"] and not form.has_input():
        return None, None  # the user saw no answer and gave none: nothing to save, nothing to refuse
    try:
        answer = services.save_answer(
            assessment=assessment,
            question=item.question,
            by=request.user,
            value=data["value"] or "",
            not_applicable=data["not_applicable"],
            na_reason=data["na_reason"] or "",
            comment=data["comment"] or "",
            expected_version=data["version"],
        )
    except services.AnswerConflict as exc:
        if _already_stored(exc.current, data):
            return exc.current, None
        item.conflict = exc.current
        return None, str(exc)
    except ServiceError as exc:
        return None, str(exc)
    return answer, None


def _already_stored(current, data: dict) -> bool:
    """Whether the refused input is exactly what is stored: the user's own autosave, still in flight
    when they pressed a button of the section form, got there first. Nothing would be lost."""
    not_applicable = data["not_applicable"]
    posted = {
        "value": "" if not_applicable else (data["value"] or "").strip(),
        "not_applicable": not_applicable,
        "na_reason": (data["na_reason"] or "").strip(),
        "comment": (data["comment"] or "").strip(),
    }
    return current.pk is not None and not current.needs_recheck and current.snapshot() == posted


@dataclass
class SectionPost:
    """What one press of any button of the section form did, question by question."""

    refused: dict[str, str] = field(default_factory=dict)  # question code -> why its answer was not saved
    not_attached: dict[str, str] = field(default_factory=dict)  # question code -> why its file was not
    conflicts: dict[str, object] = field(default_factory=dict)  # question code -> the answer now stored
    done: list[str] = field(default_factory=list)  # what to tell the user on success
    focus: str | None = None  # the question whose file was attached or removed: the page returns to it

    @property
    def ok(self) -> bool:
        return not self.refused and not self.not_attached


def _post_section(request: HttpRequest, assessment, current: Section) -> SectionPost:
    """Answers first (a file may create the answer row, which would make the answer's version stale),
    then every chosen file whatever button was pressed, then the file the user asked to remove."""
    result = SectionPost()
    for item in current.items:
        _answer, error = _save(request, assessment, item)
        if error:
            result.refused[item.question.code] = error
            if item.conflict is not None:
                result.conflicts[item.question.code] = item.conflict
    for item in current.items:
        _attach(request, assessment, item, result)
    if request.POST.get("remove"):
        _remove(request, current, result)
    result.focus = result.focus or request.POST.get("upload")
    return result


def _attach(request: HttpRequest, assessment, item, result: SectionPost) -> None:
    code = item.question.code
    form = EvidenceForm(request.POST, request.FILES, prefix=code)
    if not form.is_valid():
        chosen = request.FILES.get(form.add_prefix("file"))
        if chosen is not None:  # a file was chosen but refused (an empty one): say so, whatever was pressed
            result.not_attached[code] = _("“%(name)s” was not attached: %(reason)s") % {
                "name": chosen.name,
                "reason": _("The file is empty."),
            }
        elif request.POST.get("upload") == code:  # Upload pressed here without a file
            result.not_attached[code] = _("Choose a file to attach.")
        return
    try:
        evidence = services.add_evidence(
            assessment=assessment, question=item.question, upload=form.cleaned_data["file"], by=request.user
        )
    except ServiceError as exc:
        name = form.cleaned_data["file"].name
        result.not_attached[code] = _("“%(name)s” was not attached: %(reason)s") % {
            "name": name,
            "reason": exc,
        }
        return
    result.done.append(_("“%(name)s” attached.") % {"name": evidence.original_name})


def _remove(request: HttpRequest, current: Section, result: SectionPost) -> None:
    wanted = request.POST["remove"]
    attached = [e for item in current.items if item.answer for e in item.answer.evidence.all()]
    evidence = next((e for e in attached if str(e.pk) == wanted), None)
    if evidence is None:  # removed meanwhile (another tab, a colleague): nothing left to do
        result.done.append(_("That file had already been removed."))
        return
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
    except ServiceError as exc:
        result.not_attached[evidence.answer.question.code] = str(exc)
        return
    result.focus = evidence.answer.question.code
    result.done.append(_("“%(name)s” removed.") % {"name": evidence.original_name})


def _redirect_after(request: HttpRequest, assessment, questionnaire, code: str, focus) -> HttpResponse:
    target = request.POST.get("go")
    if target and target != code and questionnaire.section(target):
        return redirect("assessments:section", pk=assessment.pk, code=target)
    if target == "review":
        return redirect("assessments:review", pk=assessment.pk)
    url = reverse("assessments:section", args=[assessment.pk, code])
    return redirect(f"{url}#q-{focus}" if focus else url)


def section(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    action = Action.EDIT if request.method == "POST" else Action.VIEW
    assessment = permissions.get_assessment(request.user, pk, action)
    questionnaire = load_questionnaire(assessment, history_for=code)
    current = _section_or_404(questionnaire, code)
    posted = SectionPost()
    if request.method == "POST":
        posted = _post_section(request, assessment, current)
        if posted.ok:
            messages.success(request, " ".join([_("Answers saved."), *posted.done]))
            return _redirect_after(request, assessment, questionnaire, code, posted.focus)
        for note in posted.done:
            messages.success(request, note)
        # what is stored now, beside any refused input
        questionnaire = load_questionnaire(assessment, history_for=code)
        current = _section_or_404(questionnaire, code)
    return _render_section(request, assessment, questionnaire, current, posted)


def _render_section(request, assessment, questionnaire, current: Section, posted: SectionPost):
    for item in current.items:
        item.conflict = posted.conflicts.get(item.question.code)
        refused = item.question.code in posted.refused
        item.shown = _shown(item, request.POST if refused else None)
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "questionnaire": questionnaire,
            "section": current,
            "errors": posted.refused,
            "file_errors": posted.not_attached,
            "can_edit": permissions.can(assessment.my_role, Action.EDIT, assessment),
            **_neighbours(questionnaire, current.dimension.code),
        },
        status=409 if posted.conflicts else 422 if not posted.ok else 200,
    )


def _shown(item, posted) -> dict:
    """What the form shows: the user's own input after a refused save (never lose it), else what is stored."""
    if posted is not None:
        prefix = item.question.code
        return {
            "value": posted.get(f"{prefix}-value", ""),
            "not_applicable": bool(posted.get(f"{prefix}-not_applicable")),
            "na_reason": posted.get(f"{prefix}-na_reason", ""),
            "comment": posted.get(f"{prefix}-comment", ""),
            # after a conflict the next save knowingly replaces the value the message showed
            "version": item.conflict.version if item.conflict else posted.get(f"{prefix}-version", ""),
        }
    answer = item.answer
    if answer is None:
        return {"value": "", "not_applicable": False, "na_reason": "", "comment": "", "version": 0}
    return {**answer.snapshot(), "version": answer.version}


def _neighbours(questionnaire: Questionnaire, code: str) -> dict:
    codes = [s.dimension.code for s in questionnaire.sections]
    index = codes.index(code)
    return {
        "previous_code": codes[index - 1] if index > 0 else None,
        "next_code": codes[index + 1] if index + 1 < len(codes) else None,
    }


@require_POST
def answer(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
    questionnaire = load_questionnaire(assessment)
    item = _item_or_404(questionnaire, code)
    before = item.answer.version if item.answer else None
    saved, error = _save(request, assessment, item)
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or _("Answer saved."))
        url = reverse("assessments:section", args=[assessment.pk, item.question.dimension.code])
        return redirect(f"{url}#q-{item.question.code}")
    if saved is not None:
        item.answer = saved  # progress and section states after the save, without reading it all again
        item.history_count = 1  # "saved" is shown, not the history
    return render(
        request,
        "assessments/_answer_status.html",
        {
            "assessment": assessment,
            "questionnaire": questionnaire,
            "item": item,
            "error": error,
            # "Saved at" only for a save that changed something: an unchanged one keeps its old time
            "saved": saved is not None and saved.version != before,
            "unchanged": saved is not None and saved.version == before,
        },
        status=(409 if getattr(item, "conflict", None) else 422) if error else 200,
    )


def answer_history(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Every saved change of one answer (the section page lists the latest few)."""
    assessment = permissions.get_assessment(request.user, pk)
    item = _item_or_404(load_questionnaire(assessment), code)
    if item.answer:
        attach_history([item], limit=None)
    return render(request, "assessments/answer_history.html", {"assessment": assessment, "item": item})


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return downloads.evidence_file(permissions.get_evidence(request.user, pk), by=request.user)
