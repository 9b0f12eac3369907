"""The DPO dashboard: the whole picture of the assessments sent for review, as tables (each also a
chart and a CSV or XLSX export).

Every figure is an aggregate computed by the database over the assessments, or over their score
lines (`ScoreLine`), in a fixed number of queries whatever their number: counts and means with
GROUP BY, medians and percentiles with `reviews.stats.percentiles` (window functions, the same on
SQLite and PostgreSQL).

Those aggregates read every sent assessment, so their cost grows with the data (bench/bench_scale.py
measures it). The figures for a set of filters are therefore kept in the cache for
DPO_DASHBOARD_CACHE_SECONDS and the page says when they were computed: a regulator's overview
needs no second-by-second freshness, and the queue, which does, is never cached.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, IntegerField, Min, Q
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import charts, permissions, workflow
from assessments.models import SECTOR_CHOICES, Assessment, ScoreLine
from assessments.stats import MEDIAN, P90, Histogram, SecondsBetween, percentiles
from guideline_content.models import Dimension, Obligation, Principle
from reviews.selectors import WAITING_FOR_DPO, filter_population

LINE_LOOKUPS = {
    "tier": "tier__code",
    "role": "role__code",
    "sector": "sector",
    "version": "guideline_version__code",
    "sent_at": "sent_at",
}
TOP_GAPS = 10
ONE_PLACE = Decimal("0.1")


@dataclass
class Table:
    key: str  # its name in the export's URL
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)  # plain values: str, int, Decimal or None
    chart: str = ""  # the same figures drawn as SVG (empty when a chart would say nothing more)
    note: str = ""


@dataclass
class Dashboard:
    total: int
    waiting: int
    tables: list[Table]
    computed_at: object = None  # when the figures were computed (they may come from the cache)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def _one_place(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _from_tenths(value) -> Decimal | None:
    return None if value is None else _one_place(Decimal(value) / 10)


def _days(duration: timedelta | float | None) -> Decimal | None:
    """Days, to one place, of a duration or a number of seconds."""
    if duration is None:
        return None
    seconds = duration.total_seconds() if isinstance(duration, timedelta) else duration
    return _one_place(Decimal(seconds) / 86400)


def _count_table(key: str, title: str, heading: str, counts: dict[str, int], labels: dict[str, str]) -> Table:
    order = [code for code in labels if code in counts] + sorted(c for c in counts if c not in labels)
    rows = [[labels.get(code, code or "–"), counts[code]] for code in order]
    return Table(
        key,
        title,
        [heading, _("Assessments")],
        rows,
        chart=charts.count_bars([r[0] for r in rows], [r[1] for r in rows], title=title, key=key),
    )


def _counts(population, labels: dict[str, dict[str, str]]) -> list[Table]:
    """Counts by status, tier, role and sector, from one GROUP BY over the four."""
    by: dict[str, dict[str, int]] = {"status": {}, "tier": {}, "role": {}, "sector": {}}
    grouped = population.values_list("status", "tier__code", "role__code", "system__sector").annotate(
        n=Count("pk")
    )
    for status, tier, role, sector, n in grouped:
        for name, code in (("status", status), ("tier", tier), ("role", role), ("sector", sector)):
            by[name][code or ""] = by[name].get(code or "", 0) + n
    return [
        _count_table("status", _("Assessments by status"), _("Status"), by["status"], labels["status"]),
        _count_table("tier", _("Assessments by risk tier"), _("Risk tier"), by["tier"], labels["tier"]),
        _count_table("role", _("Assessments by role"), _("Assessed as"), by["role"], labels["role"]),
        _count_table("sector", _("Assessments by sector"), _("Sector"), by["sector"], labels["sector"]),
    ]


def _waiting(population) -> tuple[int, Table]:
    now = timezone.now()
    waiting = population.filter(status__in=WAITING_FOR_DPO, sent_for_review_at__isnull=False)
    figures = waiting.aggregate(
        n=Count("pk"),
        oldest=Min("sent_for_review_at"),
        week=Count("pk", filter=Q(sent_for_review_at__lt=now - timedelta(days=7))),
        month=Count("pk", filter=Q(sent_for_review_at__lt=now - timedelta(days=30))),
    )
    # the median wait is the wait of the median sending time: waits fall as sending times rise
    median_sent = percentiles(waiting, "sent_for_review_at").get((), {}).get(MEDIAN)
    rows = [
        [_("Waiting for the DPO (sent, or in review)"), figures["n"]],
        [_("Waiting more than 7 days"), figures["week"]],
        [_("Waiting more than 30 days"), figures["month"]],
        [_("Median wait (days)"), _days(now - median_sent) if median_sent else None],
        [_("Longest wait (days)"), _days(now - figures["oldest"]) if figures["oldest"] else None],
    ]
    table = Table("waiting", _("What waits for the DPO"), [_("Figure"), _("Value")], rows)
    return figures["n"], table


def _names(model, codes: set[str]) -> dict[str, str]:
    """Code -> name in the reader's language, from the newest version that has the code."""
    names: dict[str, str] = {}
    for item in model.objects.filter(code__in=codes).order_by("-version__published_on", "order"):
        names.setdefault(item.code, str(getattr(item, "name", "") or getattr(item, "statement", "")))
    return names


def _histograms(lines) -> tuple[dict[tuple, Histogram], dict[tuple, Histogram], dict[str, int]]:
    """One GROUP BY (kind, code, sector, score): histograms of each dimension's and principle's scores,
    overall and by sector, and how many assessments have lines of each code (scored or not)."""
    overall: dict[tuple, Histogram] = defaultdict(Histogram)
    by_sector: dict[tuple, Histogram] = defaultdict(Histogram)
    lines_of: dict[str, int] = defaultdict(int)
    # Scores as whole tenths: integers come back from the database without a conversion each.
    tenths = Cast(Round(F("score") * 10), IntegerField())
    grouped = (
        lines.filter(kind__in=[ScoreLine.Kind.DIMENSION, ScoreLine.Kind.PRINCIPLE])
        .annotate(tenths=tenths)
        .values_list("kind", "code", "sector", "tenths")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, code, sector, score, n in grouped:
        overall[(kind, code)].add(score, n)
        by_sector[(kind, code, sector)].add(score, n)
        if kind == ScoreLine.Kind.DIMENSION:
            lines_of[code] += n
    return overall, by_sector, lines_of


def _scores(overall: dict, by_sector: dict, sector_labels: dict[str, str]) -> list[Table]:
    """Mean and median of each dimension and principle, overall and by sector."""
    tables = []
    for kind, model, title, heading in (
        (ScoreLine.Kind.DIMENSION, Dimension, _("Scores by governance dimension"), _("Dimension")),
        (ScoreLine.Kind.PRINCIPLE, Principle, _("Scores by governance principle"), _("Principle")),
    ):
        present = {code for k, code in overall if k == kind}
        names = _names(model, present)  # in the guideline's order
        codes = [c for c in names if c in present] + sorted(present - set(names))
        rows = [
            [
                names.get(code, code),
                _from_tenths(overall[(kind, code)].mean()),
                _from_tenths(overall[(kind, code)].percentile(MEDIAN)),
                overall[(kind, code)].n,
            ]
            for code in codes
        ]
        chart = charts.bars([r[0] for r in rows], [r[2] for r in rows], title=title, key=f"{kind}-chart")
        tables.append(
            Table(
                kind,
                title,
                [heading, _("Mean"), _("Median"), _("Assessments scored")],
                rows,
                chart=chart,
                note=_("The chart shows the medians."),
            )
        )
        sectors = [s for s in sector_labels if any((kind, c, s) in by_sector for c in codes)]
        cells = [
            [sector_labels[sector]]
            + [
                _pair(by_sector[(kind, code, sector)]) if (kind, code, sector) in by_sector else "–"
                for code in codes
            ]
            for sector in sectors
        ]
        tables.append(
            Table(
                f"{kind}_by_sector",
                _("%(title)s, by sector (mean / median)") % {"title": title},
                [_("Sector"), *(names.get(code, code) for code in codes)],
                cells,
            )
        )
    return tables


def _pair(histogram: Histogram) -> str:
    mean, median = histogram.mean(), histogram.percentile(MEDIAN)
    if mean is None:
        return "–"
    return f"{_from_tenths(mean)} / {_from_tenths(median)}"


def _gaps(lines, scored: int, sector_labels: dict[str, str]) -> Table:
    """The recommendations most often below their threshold, how often, and in which sectors (one
    GROUP BY code and sector: a few hundred rows at most, whatever the number of assessments)."""
    by_sector: dict[str, list[tuple[int, str]]] = defaultdict(list)
    grouped = lines.filter(kind=ScoreLine.Kind.GAP).values_list("code", "sector").annotate(n=Count("pk"))
    for code, sector, n in grouped.order_by():
        by_sector[code].append((n, sector))
    totals = {code: sum(n for n, _s in pairs) for code, pairs in by_sector.items()}
    top = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:TOP_GAPS]
    statements = _names(Obligation, {code for code, _n in top})
    rows = [
        [
            code,
            statements.get(code, ""),
            n,
            _one_place(Decimal(100 * n) / scored) if scored else None,
            "; ".join(
                f"{sector_labels.get(sector, sector)} ({count})"
                for count, sector in sorted(by_sector[code], key=lambda p: (-p[0], p[1]))
            ),
        ]
        for code, n in top
    ]
    title = _("Recommendations most often found as gaps")
    headers = [
        _("Code"),
        _("Recommendation"),
        _("Assessments with this gap"),
        _("Share of scored assessments (%)"),
        _("Sectors (assessments)"),
    ]
    chart = charts.count_bars([c for c, _n in top], [n for _c, n in top], title=title, key="gaps")
    return Table("gaps", title, headers, rows, chart=chart)


def _decisions(population) -> list[Table]:
    decided = population.filter(
        status__in=workflow.DECIDED, decided_at__isnull=False, sent_for_review_at__isnull=False
    )
    duration = SecondsBetween(F("decided_at"), F("sent_for_review_at"))
    found = percentiles(decided, duration, at=(MEDIAN, P90)).get((), {})
    rounds = dict(decided.values_list("review_round").annotate(n=Count("pk")).order_by("review_round"))
    total = sum(rounds.values())
    changes = sum(max(r - 1, 0) * n for r, n in rounds.items())
    timing = Table(
        "decision_time",
        _("From the last sending to the decision"),
        [_("Figure"), _("Value")],
        [
            [_("Decisions"), total],
            [_("Median (days)"), _days(found.get(MEDIAN))],
            [_("90th percentile (days)"), _days(found.get(P90))],
            [
                _("Rounds of changes per decided assessment (mean)"),
                _one_place(Decimal(changes) / total) if total else None,
            ],
        ],
    )
    labels = [str(max(r - 1, 0)) for r in rounds]
    title = _("Decided assessments by rounds of changes")
    by_round = Table(
        "rounds",
        title,
        [_("Rounds of changes"), _("Decided assessments")],
        [[label, n] for label, n in zip(labels, rounds.values(), strict=True)],
        chart=charts.count_bars(labels, list(rounds.values()), title=title, key="rounds"),
        note=_("A round is one return for changes (or a withdrawal) followed by a new sending."),
    )
    return [timing, by_round]


def build(*, user: User, filters: dict, labels: dict[str, dict[str, str]]) -> Dashboard:
    """The dashboard over the assessments sent to the DPO that `user` (DPO staff) may see, narrowed by
    `filters` (cleaned PopulationFilterForm data). `labels` names the codes (status, tier, role, sector)."""
    population = filter_population(permissions.review_assessments_for(user), filters).order_by()
    lines = filter_population(permissions.review_score_lines_for(user), filters, LINE_LOOKUPS)
    sector_labels = labels["sector"]
    counts = _counts(population, labels)
    waiting, waiting_table = _waiting(population)
    overall, by_sector, lines_of = _histograms(lines)
    scored = max(lines_of.values(), default=0)  # every scored assessment has a line per dimension
    tables = [
        *counts,
        waiting_table,
        *_scores(overall, by_sector, sector_labels),
        _gaps(lines, scored, sector_labels),
        *_decisions(population),
    ]
    total = sum(row[1] for row in counts[0].rows)
    return Dashboard(total=total, waiting=waiting, tables=tables, computed_at=timezone.now())


def cached(*, user: User, filters: dict, labels: dict[str, dict[str, str]]) -> Dashboard:
    """`build`, or its figures for the same filters and language computed less than
    DPO_DASHBOARD_CACHE_SECONDS ago. Every DPO staff member sees the same figures, so they share them;
    only DPO staff reach this (the view checks first)."""
    seconds = settings.DPO_DASHBOARD_CACHE_SECONDS
    if not seconds or not permissions.can_see_dashboard(user):
        return build(user=user, filters=filters, labels=labels)
    shown = "&".join(f"{k}={filters[k]}" for k in sorted(filters) if filters[k] not in (None, ""))
    key = f"dpo-dashboard:{get_language()}:{shown}"
    figures = cache.get(key)
    if figures is None:
        figures = build(user=user, filters=filters, labels=labels)
        cache.set(key, figures, seconds)
    return figures


def status_labels() -> dict[str, str]:
    return {code: str(label) for code, label in Assessment.Status.choices if code in workflow.SENT_TO_DPO}


def sector_labels() -> dict[str, str]:
    return {code: str(label) for code, label in SECTOR_CHOICES}
