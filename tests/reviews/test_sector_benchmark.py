"""The sector benchmark: shown from five contributing organisations, never identifying one."""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Organisation
from assessments.services import reports
from assessments.services import scoring as scoring_services
from assessments.services.benchmark import sector_benchmark
from assessments.services.questionnaire import load_questionnaire
from assessments.services.results import result_view
from tests.factories import OrganisationFactory
from tests.reviews.scorelines import scored

pytestmark = pytest.mark.django_db


def peers(count: int, *, scores=(10, 20, 30, 40, 50, 60, 70), status="approved", **kwargs) -> None:
    """Assessments of `count` organisations (approved, finance, provider, version 1.1 by default)."""
    for n in range(count):
        scored(status=status, dimensions={"privacy": scores[n], "ip": 80}, **kwargs)


def benchmark_of(assessment):
    view = result_view(assessment, scoring_services.current_result(assessment))
    return {line.item.code: line for line in sector_benchmark(assessment, view.dimensions).lines}


def test_four_organisations_are_too_few_and_their_number_is_not_shown(submitted):
    peers(4)
    lines = benchmark_of(submitted)
    assert lines["privacy"].median is None and lines["privacy"].organisations is None
    assert all(line.median is None for line in lines.values())


def test_five_organisations_show_the_median(submitted):
    peers(5)  # privacy 10, 20, 30, 40, 50; ip 80 each
    lines = benchmark_of(submitted)
    assert lines["privacy"].median == Decimal("30.0") and lines["privacy"].organisations == 5
    assert lines["ip"].median == Decimal("80.0")
    assert lines["crime"].median is None  # no peer scored it


def test_many_assessments_of_four_organisations_are_still_too_few(submitted):
    for organisation in [OrganisationFactory() for _ in range(4)]:
        for score in (20, 40):
            scored(status="approved", organisation=organisation, dimensions={"privacy": score})
    assert benchmark_of(submitted)["privacy"].median is None


@pytest.mark.parametrize(
    "other",
    [
        {"status": "rejected"},
        {"status": "in_review"},
        {"status": "submitted"},
        {"sector": "retail"},
        {"role": "user"},
        {"version": "hk-genai-2025-04"},
    ],
)
def test_only_approved_peers_of_the_same_sector_role_and_version_count(submitted, other):
    peers(4)
    peers(1, scores=(90,), **other)
    assert benchmark_of(submitted)["privacy"].median is None


def test_the_results_page_shows_the_comparison_or_says_there_are_too_few(client, submitted, owner):
    client.force_login(owner)
    url = reverse("assessments:results", args=[submitted.pk])
    peers(4)
    page = client.get(url).content.decode()
    assert "Compared with the sector" in page and "Too few to compare" in page
    assert "Fewer than 5 organisations in this sector" in page
    # peers answered the same questionnaire revision, and the page says which
    assert f"against {submitted.guideline_version.display_label}." in page
    assert 'class="table-wrap" tabindex="0" role="region"' in page  # reachable by keyboard at 390 px
    peers(1, scores=(50,))
    page = client.get(url).content.decode()
    assert "30.0%" in page and "Organisations compared" in page
    others = Organisation.objects.exclude(pk=submitted.organisation_id)
    assert not any(name in page for name in others.values_list("name", flat=True))  # no contributor named


def test_the_results_page_query_count_does_not_grow_with_peers(client, submitted, owner, published_content):
    client.force_login(owner)
    url = reverse("assessments:results", args=[submitted.pk])
    peers(5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    peers(7, scores=(5, 15, 25, 35, 45, 55, 65))
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_report_carries_the_benchmark(submitted):
    peers(5)
    report = reports.request_report(result=scoring_services.current_result(submitted), language="en", by=None)
    html = " ".join(reports.report_html(report, load_questionnaire(submitted).items).split())
    assert "Compared with the sector" in html and "30.0%" in html and "Sector medians as of" in html
    result = scoring_services.current_result(submitted)
    chinese = reports.request_report(result=result, language="zh-hant", by=None)
    chinese_html = reports.report_html(chinese, load_questionnaire(submitted).items)
    assert "與同業比較" in chinese_html and "Compared with the sector" not in chinese_html


def test_rebuilding_the_lines_from_stored_results_gives_the_same_lines(submitted):
    from django.core.management import call_command

    from assessments.models import ScoreLine

    def lines():
        fields = ("assessment", "kind", "code", "score", "status", "sector")
        return sorted(ScoreLine.objects.values_list(*fields))

    stored = lines()
    assert stored  # written when the result was stored
    ScoreLine.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_score_lines", stdout=out)
    assert lines() == stored and "Score lines written for 1 assessments." in out.getvalue()


def test_peers_figures_are_shared_for_a_while_by_the_group(client, submitted, owner, settings):
    cache.clear()
    settings.DPO_DASHBOARD_CACHE_SECONDS = 300
    peers(5)
    assert benchmark_of(submitted)["privacy"].median == Decimal("30.0")
    peers(2, scores=(90, 95))
    assert benchmark_of(submitted)["privacy"].median == Decimal("30.0")  # as computed a moment ago
    settings.DPO_DASHBOARD_CACHE_SECONDS = 0
    assert benchmark_of(submitted)["privacy"].median == Decimal("40.0")  # 10 ... 50, 90, 95
