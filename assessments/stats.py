"""Portable order statistics in the database: medians and percentiles per group in one query.

PostgreSQL has percentile_cont, SQLite has nothing of the kind. Both have window functions, so each
group's rows are numbered in order of the value and counted, and only the one or two rows around
each requested position come back; Python interpolates between them exactly as percentile_cont
does. No query loads the group's values, and the number of queries does not depend on the data.
"""

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, F, FloatField, Func, Q, QuerySet, Window
from django.db.models.expressions import Expression
from django.db.models.functions import RowNumber

MEDIAN = Fraction(1, 2)
P90 = Fraction(9, 10)


def _interpolate(low, high, weight: Fraction):
    if weight == 0 or high is None:
        return low
    return low + (high - low) * weight.numerator / weight.denominator


def percentiles(
    rows: QuerySet, value: Expression | str, *, by: tuple[str, ...] = (), at: tuple[Fraction, ...] = (MEDIAN,)
) -> dict[tuple, dict[Fraction, object]]:
    """For each group of `rows` (by the fields `by`; one group `()` if none), the continuous
    percentile of `value` at each fraction in `at` (as PostgreSQL's percentile_cont). Rows whose
    value is NULL are left out; a group with no value is absent from the answer."""
    expression = F(value) if isinstance(value, str) else value
    partition = [F(field) for field in by] or None
    ranked = (
        rows.order_by()
        .annotate(_value=expression)
        .filter(_value__isnull=False)
        .annotate(
            _row=Window(RowNumber(), partition_by=partition, order_by=[F("_value").asc()]),
            _count=Window(Count("pk"), partition_by=partition),
        )
    )
    # the 1-based position of fraction p/q is 1 + p(n-1)/q: its whole part and the row after it
    wanted = Q()
    for fraction in at:
        low = 1 + (F("_count") - 1) * fraction.numerator / fraction.denominator
        wanted |= Q(_row=low) | Q(_row=low + 1)
    found: dict[tuple, dict[int, object]] = defaultdict(dict)
    counts: dict[tuple, int] = {}
    for *group, row, count, found_value in ranked.filter(wanted).values_list(*by, "_row", "_count", "_value"):
        found[tuple(group)][row] = found_value
        counts[tuple(group)] = count
    answer = {}
    for group, values in found.items():
        n = counts[group]
        answer[group] = {}
        for fraction in at:
            exact = 1 + (n - 1) * fraction
            whole = int(exact)
            answer[group][fraction] = _interpolate(values[whole], values.get(whole + 1), exact - whole)
    return answer


class Histogram:
    """How many times each exact value occurs (scores have one decimal place, so a group has at most
    1,001 of them, however many rows): the mean and every percentile follow exactly, the percentiles
    as percentile_cont gives them. Built from a GROUP BY value query, never from the rows."""

    def __init__(self):
        self.counts: dict = defaultdict(int)

    def add(self, value, count: int) -> None:
        if value is not None:
            self.counts[value] += count

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def mean(self):
        n = self.n
        return sum(value * count for value, count in self.counts.items()) / n if n else None

    def percentile(self, fraction: Fraction):
        n = self.n
        if not n:
            return None
        exact = 1 + (n - 1) * fraction
        whole = int(exact)
        low = high = None
        seen = 0
        for value in sorted(self.counts):
            seen += self.counts[value]
            if low is None and seen >= whole:
                low = value
            if seen >= whole + 1:
                high = value
                break
        return _interpolate(low, high, exact - whole)


class SecondsBetween(Func):
    """Seconds from `start` to `end`, computed by the database itself: Django's own datetime
    subtraction on SQLite calls back into Python for every row, which a dashboard over every decision
    cannot afford."""

    output_field = FloatField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s)) * 86400.0)",
                           arg_joiner=") - julianday(", **extra)  # fmt: skip

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s))",
                           arg_joiner=" - ", **extra)  # fmt: skip
