"""Answering: one section per page, autosave per question (HTMX), evidence files.

Without JavaScript the section is one form that saves every answer on the page; with it, each
question saves itself as soon as it changes and only a small status region is swapped, so the
user's cursor and typing are never disturbed.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions
from assessments.forms.questionnaire import AnswerForm, EvidenceForm
from assessments.permissions import Action
from assessments.services import ServiceError
from assessments.services import assessments as services
from assessments.services.questionnaire import Questionnaire, attach_history, load_questionnaire


def _section_or_404(questionnaire: Questionnaire, code: str):
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
        item.conflict = exc.current
        return None, str(exc)
    except ServiceError as exc:
        return None, str(exc)
    return answer, None


def section(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = permissions.get_assessment(
        request.user, pk, Action.EDIT if request.method == "POST" else Action.VIEW
    )
    questionnaire = load_questionnaire(assessment, history_for=code)
    current = _section_or_404(questionnaire, code)
    errors = {}
    if request.method == "POST":
        for item in current.items:
            answer, error = _save(request, assessment, item)
            if error:
                errors[item.question.code] = error
        if not errors:
            messages.success(request, _("Answers saved."))
            target = request.POST.get("go")
            if target and questionnaire.section(target):
                return redirect("assessments:section", pk=assessment.pk, code=target)
            if target == "review":
                return redirect("assessments:review", pk=assessment.pk)
            return redirect("assessments:section", pk=assessment.pk, code=code)
    for item in current.items:
        item.shown = _shown(item, request.POST if errors else None)
    return render(
        request,
        "assessments/section.html",
        {
            "assessment": assessment,
            "questionnaire": questionnaire,
            "section": current,
            "errors": errors,
            "can_edit": permissions.can(assessment.my_role, Action.EDIT, assessment),
            **_neighbours(questionnaire, code),
        },
        status=409 if errors else 200,
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
            "saved": saved is not None,
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


@require_POST
def evidence_upload(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
    item = _item_or_404(load_questionnaire(assessment), code)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ServiceError(_("Choose a file to attach."))
        evidence = services.add_evidence(
            assessment=assessment, question=item.question, upload=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, _("“%(name)s” attached.") % {"name": evidence.original_name})
    except ServiceError as exc:
        messages.error(request, str(exc))
    url = reverse("assessments:section", args=[assessment.pk, item.question.dimension.code])
    return redirect(f"{url}#q-{item.question.code}")


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = permissions.get_evidence(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = permissions.get_evidence(request.user, pk)
    assessment = permissions.get_assessment(request.user, evidence.answer.assessment_id, Action.EDIT)
    code = evidence.answer.question.dimension.code
    question_code = evidence.answer.question.code
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
        messages.success(request, _("“%(name)s” removed.") % {"name": evidence.original_name})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("assessments:section", args=[assessment.pk, code]) + f"#q-{question_code}")
