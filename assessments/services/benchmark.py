"""The sector benchmark: an assessment's dimension scores beside the medians of its approved peers.

Peers are the assessments the DPO approved, of the same role and guideline version, whose systems are
in the same sector (`permissions.peer_score_lines`). A dimension's median is shown only where at
least `permissions.MIN_PEER_ORGANISATIONS` different organisations contribute to it; below that not
even the number is shown, since a small count could point at a known organisation.

The peers' figures come from two aggregates over the benchmark index (organisations per dimension,
and a histogram of scores from which the medians follow exactly); they are kept in the cache for
DPO_DASHBOARD_CACHE_SECONDS per group of peers, since every organisation of the group reads the same.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count

from assessments import permissions
from assessments.models import SECTOR_CHOICES, Assessment
from assessments.services.results import GroupLine
from assessments.stats import MEDIAN, Histogram


@dataclass
class BenchmarkLine:
    item: object  # a Dimension
    score: Decimal | None
    median: Decimal | None  # None: too few organisations to compare
    organisations: int | None  # None when too few


@dataclass
class SectorBenchmark:
    sector: str
    minimum: int
    lines: list[BenchmarkLine]

    @property
    def any_shown(self) -> bool:
        return any(line.median is not None for line in self.lines)


def peer_medians(assessment: Assessment) -> dict[str, tuple[Decimal, int]]:
    """Dimension code -> (median, organisations) of the assessment's peers, for the dimensions with
    enough organisations only."""
    minimum = permissions.MIN_PEER_ORGANISATIONS
    peers = permissions.peer_score_lines(assessment).filter(score__isnull=False).order_by()
    organisations = dict(peers.values_list("code").annotate(n=Count("organisation", distinct=True)))
    enough = [code for code, n in organisations.items() if n >= minimum]
    histograms: dict[str, Histogram] = defaultdict(Histogram)
    if enough:
        for code, score, n in (
            peers.filter(code__in=enough).values_list("code", "score").annotate(n=Count("pk"))
        ):
            histograms[code].add(score, n)
    return {
        code: (
            Decimal(histogram.percentile(MEDIAN)).quantize(Decimal("0.1"), ROUND_HALF_UP),
            organisations[code],
        )
        for code, histogram in histograms.items()
    }


def _cached_peer_medians(assessment: Assessment) -> dict[str, tuple[Decimal, int]]:
    seconds = settings.DPO_DASHBOARD_CACHE_SECONDS
    if not seconds:
        return peer_medians(assessment)
    key = f"peer-medians:{assessment.guideline_version_id}:{assessment.role_id}:{assessment.system.sector}"
    found = cache.get(key)
    if found is None:
        found = peer_medians(assessment)
        cache.set(key, found, seconds)
    return found


def sector_benchmark(assessment: Assessment, dimensions: list[GroupLine]) -> SectorBenchmark:
    """The benchmark of `assessment` (fetched through permissions) for its result's `dimensions`."""
    medians = _cached_peer_medians(assessment)
    lines = []
    for group in dimensions:
        median, organisations = medians.get(group.item.code, (None, None))
        lines.append(
            BenchmarkLine(item=group.item, score=group.score, median=median, organisations=organisations)
        )
    sector = dict(SECTOR_CHOICES).get(assessment.system.sector, assessment.system.sector)
    return SectorBenchmark(sector=str(sector), minimum=permissions.MIN_PEER_ORGANISATIONS, lines=lines)
