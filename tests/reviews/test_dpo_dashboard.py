"""The DPO dashboard: its figures on a small data set worked out by hand, its filters, who reaches it,
its exports, and a query count that does not grow with the data."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import ScoreLine
from assessments.services import organisations, review
from guideline_content.models import Obligation
from reviews import dashboard
from reviews.exports import neutralise
from reviews.forms import PopulationFilterForm
from tests.factories import OrganisationFactory
from tests.reviews.scorelines import VERSION, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaps():
    return list(Obligation.objects.filter(version__code=VERSION).values_list("code", flat=True)[:3])


@pytest.fixture
def known(gaps):
    """Four assessments sent to the DPO, and two the DPO must never count."""
    o1, o2, o3 = gaps
    return [
        scored(status="approved", sector="finance", dimensions={"privacy": 80, "ip": 60}, gaps=(o1,),
               sent_days_ago=10, decided_after_days=4, rounds=1),
        scored(status="rejected", sector="finance", dimensions={"privacy": 40, "ip": None}, gaps=(o1, o2),
               sent_days_ago=20, decided_after_days=10, rounds=3, tier="high"),
        scored(status="in_review", sector="retail", dimensions={"privacy": 70, "ip": 50}, gaps=(o2,),
               sent_days_ago=3, role="user"),
        scored(status="sent_for_review", sector="retail", dimensions={"privacy": 90, "ip": 30}, gaps=(o1,),
               sent_days_ago=40),
        # kept internal: submitted, never sent; its low score and gap must not appear anywhere
        scored(status="submitted", sector="finance", dimensions={"privacy": 0, "ip": 0}, gaps=(o3,)),
        scored(status="draft", sector="finance", dimensions={}),
    ]  # fmt: skip


def figures(user, **filters) -> dashboard.Dashboard:
    form = PopulationFilterForm(filters)
    assert form.is_valid(), form.errors
    labels = {
        "status": dashboard.status_labels(),
        "tier": form.labels("tier"),
        "role": form.labels("role"),
        "sector": dashboard.sector_labels(),
    }
    return dashboard.build(user=user, filters=form.cleaned_data, labels=labels)


def rows(board: dashboard.Dashboard, key: str) -> dict:
    return {row[0]: row[1:] for row in board.table(key).rows}


def test_counts_are_of_what_was_sent_only(known, reviewer):
    board = figures(reviewer)
    assert board.total == 4
    assert rows(board, "status") == {
        "Sent for review": [1], "In review": [1], "Approved": [1], "Rejected": [1]
    }  # fmt: skip
    assert rows(board, "sector") == {"Banking and finance": [2], "Retail": [2]}
    assert rows(board, "tier") == {"High Risk": [1], "Limited Risk": [3]}
    assert rows(board, "role") == {"Service Provider": [3], "Service User": [1]}


def test_what_waits_and_for_how_long(known, reviewer):
    waiting = rows(figures(reviewer), "waiting")
    assert waiting["Waiting for the DPO (sent, or in review)"] == [2]
    assert waiting["Waiting more than 7 days"] == [1]
    assert waiting["Waiting more than 30 days"] == [1]
    assert waiting["Median wait (days)"] == [Decimal("21.5")]  # (3 + 40) / 2
    assert waiting["Longest wait (days)"] == [Decimal("40.0")]


def test_mean_and_median_per_dimension_overall_and_by_sector(known, reviewer):
    board = figures(reviewer)
    dimensions = rows(board, "dimension")
    # privacy: 80, 40, 70, 90 -> mean 70, median (70 + 80) / 2; ip: 60, 50, 30 (one not scored)
    assert dimensions["Personal Data Privacy"] == [Decimal("70.0"), Decimal("75.0"), 4]
    assert dimensions["Intellectual Property"] == [Decimal("46.7"), Decimal("50.0"), 3]
    by_sector = board.table("dimension_by_sector")
    privacy = by_sector.headers.index("Personal Data Privacy")
    cells = {row[0]: row[privacy] for row in by_sector.rows}
    assert cells == {"Banking and finance": "60.0 / 60.0", "Retail": "80.0 / 80.0"}
    assert rows(board, "principle")  # every principle scored 50 in this data set
    assert {r[1] for r in board.table("principle").rows} == {Decimal("50.0")}


def test_the_most_frequent_gaps_with_their_share_and_sectors(known, reviewer, gaps):
    o1, o2, o3 = gaps
    table = {row[0]: row[2:] for row in figures(reviewer).table("gaps").rows}
    assert list(table) == [o1, o2]  # most frequent first; o3 belongs to an assessment kept internal
    assert table[o1] == [3, Decimal("75.0"), "Banking and finance (2); Retail (1)"]
    assert table[o2] == [2, Decimal("50.0"), "Banking and finance (1); Retail (1)"]


def test_time_to_decision_and_rounds_of_changes(known, reviewer):
    board = figures(reviewer)
    timing = rows(board, "decision_time")
    assert timing["Decisions"] == [2]
    assert timing["Median (days)"] == [Decimal("7.0")]  # 4 and 10 days
    assert timing["90th percentile (days)"] == [Decimal("9.4")]  # 4 + 0.9 x 6
    assert timing["Rounds of changes per decided assessment (mean)"] == [Decimal("1.0")]  # 0 and 2
    assert rows(board, "rounds") == {"0": [1], "2": [1]}


def test_filters_narrow_every_figure(known, reviewer):
    retail = figures(reviewer, sector="retail")
    assert retail.total == 2
    assert rows(retail, "dimension")["Personal Data Privacy"] == [Decimal("80.0"), Decimal("80.0"), 2]
    assert rows(figures(reviewer, role="user"), "status") == {"In review": [1]}
    assert figures(reviewer, tier="high").total == 1
    assert figures(reviewer, version="hk-genai-2025-04").total == 0
    since = (timezone.localdate() - timezone.timedelta(days=15)).isoformat()
    recent = figures(reviewer, sent_from=since)
    assert recent.total == 2  # sent 10 and 3 days ago
    assert rows(recent, "dimension")["Personal Data Privacy"] == [Decimal("75.0"), Decimal("75.0"), 2]


def test_the_page_shows_charts_with_tables_beside_them(client, known, dpo_admin):
    client.force_login(dpo_admin)
    page = client.get(reverse("reviews:dashboard")).content.decode()
    assert page.count("<svg") == 8 and page.count("<table") == len(figures(dpo_admin).tables)
    assert '<title id="dimension-chart-title">Scores by governance dimension</title>' in page
    assert reverse("reviews:dashboard_export", args=["gaps", "csv"]) in page


def test_the_page_reads_in_chinese(client, known, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:dashboard"), headers={"accept-language": "zh-hant"}).content.decode()
    assert "個人資料私隱" in page  # the dimension's name, in the chart's text as in its table


@pytest.mark.parametrize(
    "query, message",
    [
        ("tier=nonsense", "Select a valid choice."),
        ("sent_from=yesterday", "Enter a valid date."),
        ("sent_from=2026-05-01&sent_to=2026-04-01", "The period ends before it starts"),
    ],
)
def test_bad_filters_get_a_clear_message_and_no_figures(client, known, reviewer, query, message):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:dashboard") + "?" + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Some filters were not understood" in page and "<svg" not in page
    export = client.get(reverse("reviews:dashboard_export", args=["status", "csv"]) + "?" + query)
    assert export.status_code == 400


@pytest.mark.parametrize("who", ["owner", "editor", "viewer", "outsider", "auditor"])
def test_nobody_but_dpo_staff_reaches_the_dashboard_or_its_exports(client, known, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("reviews:dashboard"),
        reverse("reviews:dashboard_export", args=["status", "csv"]),
        reverse("reviews:queue_export", args=["csv"]),
    ):
        assert client.get(url).status_code == 404  # the DPO's pages do not exist for them


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("reviews:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dpo_staff_see_it_and_it_is_in_their_navigation(client, reviewer, dpo_admin, owner):
    for user in (reviewer, dpo_admin):
        client.force_login(user)
        page = client.get(reverse("reviews:queue")).content.decode()
        assert f'href="{reverse("reviews:dashboard")}"' in page
        assert client.get(reverse("reviews:dashboard")).status_code == 200
    client.force_login(owner)
    assert reverse("reviews:dashboard") not in client.get(reverse("assessments:dashboard")).content.decode()


def test_an_unknown_table_or_format_is_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("reviews:dashboard_export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("reviews:dashboard_export", args=["status", "pdf"])).status_code == 404
    assert client.get(reverse("reviews:queue_export", args=["pdf"])).status_code == 404


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_data(client, known, reviewer, gaps):
    client.force_login(reviewer)
    url = reverse("reviews:dashboard")
    before = _page_queries(client, url)
    for n in range(12):
        scored(status=["approved", "in_review", "rejected"][n % 3], sector=["legal", "education"][n % 2],
               dimensions={"privacy": 10 * n, "ip": 5 * n}, gaps=tuple(gaps[: n % 3]), sent_days_ago=n,
               decided_after_days=1 if n % 3 != 1 else None)  # fmt: skip
    assert _page_queries(client, url) == before
    assert _page_queries(client, url + "?sector=legal&role=provider") == before


def test_figures_are_kept_for_a_while_and_say_when_they_were_computed(client, known, reviewer, settings):
    cache.clear()
    settings.DPO_DASHBOARD_CACHE_SECONDS = 300
    client.force_login(reviewer)
    url = reverse("reviews:dashboard")
    first = _page_queries(client, url)
    scored(status="approved", dimensions={"privacy": 1}, sent_days_ago=1, decided_after_days=0)
    again = client.get(url).content.decode()
    assert "4 assessments sent for review" in again and "Figures as of" in again
    assert _page_queries(client, url) < first  # served from the cache
    settings.DPO_DASHBOARD_CACHE_SECONDS = 0
    assert "5 assessments sent for review" in client.get(url).content.decode()


# ---------------------------------------------------------------- score lines kept in step


def test_lines_follow_the_review_and_leave_the_dashboard_on_withdrawal(sent, owner, reviewer):
    lines = ScoreLine.objects.filter(assessment=sent)
    assert lines.exists() and set(lines.values_list("status", flat=True)) == {"sent_for_review"}
    assert figures(reviewer).total == 1
    review.start_review(assessment=sent, by=reviewer)
    assert set(lines.values_list("status", flat=True)) == {"in_review"}
    review.withdraw(assessment=sent, by=owner)
    assert set(lines.values_list("status", flat=True)) == {"submitted"}
    board = figures(reviewer)
    assert board.total == 0 and board.table("dimension").rows == []


def test_a_system_moved_to_another_sector_moves_its_lines(sent, reviewer):
    system = sent.system
    organisations.save_system(organisation=system.organisation, system=system, sector="education")
    assert set(ScoreLine.objects.filter(assessment=sent).values_list("sector", flat=True)) == {"education"}
    assert rows(figures(reviewer), "sector") == {"Education": [1]}


# ---------------------------------------------------------------- exports

HOSTILE = ['=HYPERLINK("http://evil.example")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.fixture
def hostile(gaps):
    made = []
    for n, text in enumerate(HOSTILE):
        organisation = OrganisationFactory(name=text)
        made.append(scored(status="in_review", organisation=organisation, dimensions={"privacy": 50},
                           system_name=f"{text} system", sent_days_ago=n + 1))  # fmt: skip
    chinese = OrganisationFactory(name="香港數碼銀行有限公司")
    made.append(scored(status="sent_for_review", organisation=chinese, dimensions={"privacy": 60},
                       system_name="客戶查詢助手", sent_days_ago=9))  # fmt: skip
    return made


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark: Excel reads the Chinese
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_queue_export_neutralises_formulas_and_keeps_chinese(client, hostile, reviewer):
    client.force_login(reviewer)
    table = _csv(client.get(reverse("reviews:queue_export", args=["csv"])))
    assert table[0][:3] == ["Number", "Organisation", "AI system"]
    organisations_column = [row[1] for row in table[1:]]
    assert sorted(organisations_column) == sorted(["'" + t for t in HOSTILE] + ["香港數碼銀行有限公司"])
    systems = {row[2] for row in table[1:]}
    assert "客戶查詢助手" in systems and '\'=HYPERLINK("http://evil.example") system' in systems
    for row in table[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def test_the_queue_export_follows_the_queue_filters(client, hostile, reviewer):
    client.force_login(reviewer)
    table = _csv(client.get(reverse("reviews:queue_export", args=["csv"]) + "?status=sent_for_review"))
    assert [row[1] for row in table[1:]] == ["香港數碼銀行有限公司"]
    assert client.get(reverse("reviews:queue_export", args=["csv"]) + "?sent_from=never").status_code == 400


def test_the_xlsx_export_neutralises_formulas_too(client, hostile, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:queue_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    organisations_column = [row[1] for row in values[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in organisations_column
    assert "香港數碼銀行有限公司" in organisations_column
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)  # no cell is a formula


def test_each_dashboard_table_exports_as_csv_and_xlsx(client, known, reviewer):
    client.force_login(reviewer)
    table = _csv(
        client.get(reverse("reviews:dashboard_export", args=["dimension", "csv"]) + "?sector=retail")
    )
    assert table[0] == ["Dimension", "Mean", "Median", "Assessments scored"]
    assert table[1] == ["Personal Data Privacy", "80.0", "80.0", "2"]
    response = client.get(reverse("reviews:dashboard_export", args=["status", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows())] == ["Status", "Assessments"]
    assert sheet.title == "Assessments by status"


def test_the_chinese_export_has_chinese_headings(client, known, reviewer):
    client.force_login(reviewer)
    url = reverse("reviews:dashboard_export", args=["sector", "csv"])
    table = _csv(client.get(url, headers={"accept-language": "zh-hant"}))
    assert table[0][0] != "Sector" and {row[0] for row in table[1:]} == {"銀行及金融", "零售"}


@pytest.mark.parametrize(
    "value, shown",
    [("=1+1", "'=1+1"), ("+852", "'+852"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("Plain", "Plain"), ("a=b", "a=b"), (None, ""), (12, 12), (Decimal("-3.5"), Decimal("-3.5"))],
)  # fmt: skip
def test_neutralise_quotes_only_text_that_could_run(value, shown):
    assert neutralise(value) == shown


def test_count_charts_keep_text_as_text_on_a_round_scale():
    from assessments import charts

    svg = charts.count_bars(["銀行及金融", "Retail"], [123, 7], title="By sector", key="sector")
    assert '<title id="sector-title">By sector</title>' in svg and 'aria-labelledby="sector-title"' in svg
    assert "銀行及金融</tspan>" in svg and ">123</tspan>" in svg
    ticks = [t for t in ("0", "40", "80", "120", "160") if f">{t}</tspan>" in svg]
    assert ticks == ["0", "40", "80", "120", "160"]  # four whole steps above the largest count
    assert "<path" not in svg  # no text drawn as outlines
