"""Result charts: SVG written directly, text as text, the same text sizes in every chart."""

import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from assessments import charts

SVG = "{http://www.w3.org/2000/svg}"
LABELS_EN = ["Personal Data Privacy", "Intellectual Property", "Crime Prevention",
             "Reliability and Trustworthiness", "System Security"]  # fmt: skip
LABELS_ZH = ["個人資料私隱", "知識產權", "犯罪防治", "真實可信", "系統安全"]
SCORES = [Decimal("72.5"), Decimal("100.0"), None, Decimal("35.0"), Decimal("58.3")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def drawn(kind, labels=LABELS_EN, scores=SCORES, title="Scores"):
    return getattr(charts, kind)(labels, scores, title=title)


def texts(svg: str) -> list[str]:
    root = parse(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("kind", ["radar", "bars"])
@pytest.mark.parametrize("labels", [LABELS_EN, LABELS_ZH])
def test_every_label_and_score_is_text_in_either_language(kind, labels):
    shown = " ".join(texts(drawn(kind, labels)))
    squeezed = shown.replace(" ", "")
    for label in labels:
        assert label.replace(" ", "") in squeezed
    for score in ("72.5", "100.0", "35.0", "58.3", "–"):  # a missing score is a dash, not 0
        assert score in shown


def test_both_charts_have_the_same_width_and_text_sizes():
    radar, bars = drawn("radar"), drawn("bars")
    assert parse(radar).get("width") == parse(bars).get("width")
    sizes = [set(re.findall(r'font-size="(\d+)"', svg)) for svg in (radar, bars)]
    assert sizes[0] == sizes[1] == {str(charts.LABEL_SIZE), str(charts.TICK_SIZE)}
    assert charts.LABEL_SIZE >= 14  # readable where a page shows two charts side by side


def test_labels_are_escaped_and_the_title_names_the_chart():
    svg = drawn("bars", labels=["<b>&", *LABELS_EN[1:]], title="Scores by principle")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Scores by principle"
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


def test_the_charts_on_one_page_do_not_share_ids():
    ids = [re.findall(r'id="([^"]+)"', drawn(kind)) for kind in ("radar", "bars")]
    assert not set(ids[0]) & set(ids[1])


def test_bars_are_as_long_as_the_scores():
    root = parse(drawn("bars"))
    filled = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.FILL]
    assert filled[1] == pytest.approx(2 * filled[0] * 50 / 72.5, rel=0.01)  # 100 is twice 50
    assert filled[2] == 0


def test_long_labels_wrap_within_the_chart():
    lines = charts._wrap("Compliance with Laws and Regulations", 120, charts.LABEL_SIZE)
    assert len(lines) > 1 and all(charts._text_width(line, charts.LABEL_SIZE) <= 120 for line in lines)
    assert charts._wrap("遵守法例遵守法例遵守法例", 60, charts.LABEL_SIZE)[0] == "遵守法例"


def test_drawing_charts_imports_no_plotting_library():
    assert "matplotlib" not in sys.modules
