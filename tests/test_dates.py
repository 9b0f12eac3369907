"""Dates as each language writes them, every time with its time zone (portal/formats)."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

MOMENT = datetime(2026, 12, 2, 18, 32, tzinfo=UTC)  # 02:32 on 3 December in Hong Kong


def shown(language: str, template: str) -> str:
    with translation.override(language), timezone.override("Asia/Hong_Kong"):
        return Template(template).render(Context({"moment": MOMENT}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "3 December 2026, 02:32 HKT"), ("zh-hant", "2026年12月3日 02:32（香港時間）")],
)
def test_a_time_reads_in_the_readers_convention_with_its_zone(language, expected):
    assert shown(language, '{{ moment|date:"DATETIME_FORMAT" }}') == expected
    assert shown(language, "{{ moment }}") == expected  # also without a filter


@pytest.mark.parametrize(("language", "expected"), [("en", "3 December 2026"), ("zh-hant", "2026年12月3日")])
def test_a_date_reads_in_the_readers_convention(language, expected):
    assert shown(language, '{{ moment|date:"DATE_FORMAT" }}') == expected


def test_the_chinese_formats_name_the_zone_the_portal_runs_in():
    assert settings.TIME_ZONE == "Asia/Hong_Kong"  # the Chinese formats spell it out as 香港時間
