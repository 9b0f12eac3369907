"""The spreadsheet round trip: export (XLSX, CSV), import with a preview, then apply in one go."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import permissions
from assessments.permissions import Action
from assessments.services import bulk_answers
from assessments.services import spreadsheet as services

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", services.export_xlsx),
    "csv": ("text/csv; charset=utf-8", services.export_csv),
}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Filled-in spreadsheet (XLSX or CSV)"))


def spreadsheet(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk)
    return _page(request, assessment, ImportForm())


def _page(request, assessment, form, plan=None, refused=None, status=200) -> HttpResponse:
    context = {
        "assessment": assessment,
        "form": form,
        "plan": plan,
        "refused": refused,
        "signed": services.dump_updates(assessment, request.user, plan.updates)
        if plan and plan.can_apply
        else "",
        "can_edit": permissions.can(assessment.my_role, Action.EDIT, assessment),
    }
    return render(request, "assessments/spreadsheet.html", context, status=status)


def export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk)
    content_type, build = FORMATS[kind]
    response = HttpResponse(build(assessment), content_type=content_type)
    name = f"assessment-{assessment.pk}-r{assessment.revision}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, assessment, form, status=400)
    try:
        plan = services.plan_import(assessment=assessment, upload=form.cleaned_data["file"], by=request.user)
    except services.SpreadsheetRefused as exc:
        return _page(request, assessment, ImportForm(), refused=str(exc), status=400)
    return _page(request, assessment, ImportForm(), plan=plan, status=200 if not plan.problems else 409)


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = permissions.get_assessment(request.user, pk, Action.EDIT)
    try:
        updates = services.load_updates(assessment, request.user, request.POST.get("plan", ""))
        outcome = services.apply_import(assessment=assessment, updates=updates, by=request.user)
    except bulk_answers.BulkRejected as exc:
        refused = _("Answers changed since the preview, so nothing was imported: %(reason)s") % {
            "reason": "; ".join(f"{r.question_code}: {r.message}" for r in exc.outcome.rejections)
        }
        return _page(request, assessment, ImportForm(), refused=refused, status=409)
    except services.SpreadsheetRefused as exc:
        return _page(request, assessment, ImportForm(), refused=str(exc), status=400)
    messages.success(request, _("%(n)s answers imported.") % {"n": len(outcome.changed)})
    return redirect("assessments:assessment_detail", pk=assessment.pk)
