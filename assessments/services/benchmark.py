"""The sector benchmark: an assessment's dimension scores beside the medians of its approved peers.

Peers are the assessments the DPO approved, of the same role and guideline version, whose systems are
in the same sector (`permissions.peer_score_lines`). A dimension's median is shown only where at
least `permissions.MIN_PEER_ORGANISATIONS` different organisations contribute to it; below that not
even the number is shown, since a small count could point at a known organisation. Two queries.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from assessments import permissions
from assessments.models import SECTOR_CHOICES, Assessment
from assessments.services.results import GroupLine
from assessments.stats import MEDIAN, percentiles


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


def sector_benchmark(assessment: Assessment, dimensions: list[GroupLine]) -> SectorBenchmark:
    """The benchmark of `assessment` (fetched through permissions) for its result's `dimensions`."""
    minimum = permissions.MIN_PEER_ORGANISATIONS
    peers = permissions.peer_score_lines(assessment).filter(score__isnull=False)
    organisations = dict(
        peers.values_list("code").annotate(n=Count("organisation", distinct=True)).order_by()
    )
    enough = [code for code, n in organisations.items() if n >= minimum]
    medians = percentiles(peers.filter(code__in=enough), "score", by=("code",)) if enough else {}
    lines = []
    for group in dimensions:
        code = group.item.code
        median = medians.get((code,), {}).get(MEDIAN) if code in enough else None
        lines.append(
            BenchmarkLine(
                item=group.item,
                score=group.score,
                median=None if median is None else Decimal(median).quantize(Decimal("0.1"), ROUND_HALF_UP),
                organisations=organisations[code] if median is not None else None,
            )
        )
    sector = dict(SECTOR_CHOICES).get(assessment.system.sector, assessment.system.sector)
    return SectorBenchmark(sector=str(sector), minimum=minimum, lines=lines)
