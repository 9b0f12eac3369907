"""The DPO dashboard, and the exports of its tables and of the review queue."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import permissions
from reviews import dashboard, exports, selectors
from reviews.forms import PopulationFilterForm, QueueFilterForm

FORMATS = ("csv", "xlsx")


def _labels(form: PopulationFilterForm) -> dict[str, dict[str, str]]:
    return {
        "status": dashboard.status_labels(),
        "tier": form.labels("tier"),
        "role": form.labels("role"),
        "sector": dashboard.sector_labels(),
    }


def _filtered(request: HttpRequest) -> tuple[PopulationFilterForm, dashboard.Dashboard | None]:
    if not permissions.can_see_dashboard(request.user):
        raise Http404  # the DPO's pages do not exist for anyone else
    form = PopulationFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, dashboard.cached(user=request.user, filters=form.cleaned_data, labels=_labels(form))


def dashboard_page(request: HttpRequest) -> HttpResponse:
    form, figures = _filtered(request)
    query = request.GET.urlencode()
    context = {"form": form, "dashboard": figures, "query": query, "formats": FORMATS}
    return render(request, "reviews/dashboard.html", context, status=400 if figures is None else 200)


def dashboard_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    form, figures = _filtered(request)
    if figures is None:
        return render(request, "reviews/dashboard.html", {"form": form, "dashboard": None}, status=400)
    found = figures.table(table)
    if found is None or fmt not in FORMATS:
        raise Http404
    name = f"dpo-{found.key}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return exports.xlsx_response(name, found.title, found.headers, found.rows)
    return exports.csv_response(name, found.headers, found.rows)


def queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if not permissions.can_see_dashboard(request.user) or fmt not in FORMATS:
        raise Http404
    form = QueueFilterForm(request.GET, staff=list(selectors.dpo_staff()))
    if not form.is_valid():
        return render(request, "reviews/dashboard.html", {"form": form, "dashboard": None}, status=400)
    rows = selectors.queue_export_rows(
        selectors.filter_queue(
            permissions.review_assessments_for(request.user), form.cleaned_data, user=request.user
        ),
        _labels(form),
    )
    name = f"dpo-queue-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return exports.xlsx_response(name, _("Review queue"), selectors.queue_export_headers(), rows)
    return exports.csv_response(name, selectors.queue_export_headers(), rows)
