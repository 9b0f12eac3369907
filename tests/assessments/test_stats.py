"""Medians and percentiles computed in the database agree with Python's, whatever the group sizes."""

import statistics
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db.models import ExpressionWrapper, F, IntegerField

from assessments.stats import MEDIAN, P90, _interpolate, percentiles
from guideline_content.models import Question


@pytest.mark.django_db
def test_percentiles_per_group_match_percentile_cont():
    questions = Question.objects.all()
    by_dimension = defaultdict(list)
    for dimension_id, order in questions.values_list("dimension_id", "order"):
        by_dimension[dimension_id].append(order)
    found = percentiles(questions, "order", by=("dimension_id",), at=(MEDIAN, P90))
    assert set(found) == {(d,) for d in by_dimension}
    for dimension_id, values in by_dimension.items():
        expected_p90 = (
            statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
        )
        assert found[(dimension_id,)][MEDIAN] == pytest.approx(statistics.median(values))
        assert float(found[(dimension_id,)][P90]) == pytest.approx(expected_p90)


@pytest.mark.django_db
def test_percentiles_without_groups_and_of_an_expression():
    questions = Question.objects.all()
    orders = list(questions.values_list("order", flat=True))
    doubled = ExpressionWrapper(F("order") * 2, output_field=IntegerField())
    assert percentiles(questions, "order")[()][MEDIAN] == pytest.approx(statistics.median(orders))
    assert percentiles(questions, doubled)[()][MEDIAN] == pytest.approx(2 * statistics.median(orders))
    assert percentiles(questions.none(), "order") == {}


def test_interpolation_works_for_decimals_and_durations():
    assert _interpolate(Decimal("10.0"), Decimal("20.0"), Fraction(1, 4)) == Decimal("12.5")
    assert _interpolate(timedelta(days=2), timedelta(days=4), Fraction(1, 2)) == timedelta(days=3)
    assert _interpolate(Decimal("7"), None, Fraction(0)) == Decimal("7")
