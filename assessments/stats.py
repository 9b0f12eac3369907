"""Portable order statistics in the database: medians and percentiles per group in one query.

PostgreSQL has percentile_cont, SQLite has nothing of the kind. Both have window functions, so each
group's rows are numbered in order of the value and counted, and only the one or two rows around
each requested position come back; Python interpolates between them exactly as percentile_cont
does. No query loads the group's values, and the number of queries does not depend on the data.
"""

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, F, Q, QuerySet, Window
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
