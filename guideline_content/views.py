from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guideline_content import changes as changes_service
from guideline_content import selectors
from guideline_content.forms import ObligationFilterForm
from guideline_content.models import (
    GuidelineVersion,
    Principle,
    Reference,
    RiskTier,
    TierRule,
)
from guideline_content.official_texts import chinese_text_url


@login_not_required
def overview(request: HttpRequest, code: str | None = None) -> HttpResponse:
    versions = list(GuidelineVersion.objects.published().select_related("default_tier"))
    version = selectors.pick_version(versions, code)
    editions = selectors.editions(versions)
    edition = next(e for e in editions if e.code == version.edition)
    risks = selectors.risks_of(version)
    return render(
        request,
        "guideline_content/overview.html",
        {
            "version": version,
            "editions": editions,
            "edition": edition,
            "previous_edition": selectors.edition_before(editions, edition),
            "text_now_serves": selectors.newer_edition_at_same_address(editions, version),
            "chinese_text_url": chinese_text_url(version.edition),
            "roles": selectors.roles_with_counts(version),
            "dimensions": selectors.dimensions_of(version),
            "principles": Principle.objects.filter(version=version),
            "tiers": RiskTier.objects.filter(version=version),
            "risk_groups": [
                (category, list(items))
                for category, items in groupby(risks, key=lambda r: r.get_category_display())
            ],
            "references": Reference.objects.filter(version=version),
        },
    )


@login_not_required
def changes(request: HttpRequest) -> HttpResponse:
    versions = list(GuidelineVersion.objects.published())
    old, new = request.GET.get("from", ""), request.GET.get("to", "")
    try:
        pair = changes_service.published_pair(old_code=old, new_code=new, versions=versions)
    except changes_service.ChangesUnavailable as exc:
        context = {"problem": str(exc), "editions": selectors.editions(versions), "old": old, "new": new}
        return render(request, "guideline_content/changes_invalid.html", context, status=exc.status)
    roles, carried = changes_service.present(pair.comparison, changes_service.language())
    return render(
        request,
        "guideline_content/changes.html",
        {
            "pair": pair,
            "roles": roles,
            "carried": carried,
            "count": len(pair.comparison.changes),
            "editions": selectors.editions(versions),
        },
    )


@login_not_required
def obligations(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.published_version(code)
    roles = list(selectors.roles_with_counts(version))
    dimensions = list(selectors.dimensions_of(version))
    form = ObligationFilterForm(request.GET or None, roles=roles, dimensions=dimensions)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.with_crosswalk(
        selectors.obligations_of(
            version, role=filters.get("role", ""), dimension=filters.get("dimension", "")
        ),
        framework=filters.get("framework", ""),
    )
    return render(
        request,
        "guideline_content/obligations.html",
        {
            "version": version,
            "form": form,
            "obligations": items,
            "groups": [(key, list(group)) for key, group in groupby(items, key=lambda o: (o.role, o.topic))],
        },
    )


@login_not_required
def triage(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.published_version(code)
    return render(
        request,
        "guideline_content/triage.html",
        {
            "version": version,
            "questions": selectors.triage_questions_of(version),
            "rules": TierRule.objects.filter(version=version).select_related("tier"),
        },
    )
