"""Result charts as SVG, drawn with matplotlib on the server so they work without JavaScript and in
PDF reports. Text stays text (svg.fonttype "none"), so the page's or the report's CJK font renders it."""

import io
import math
import re
from decimal import Decimal

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

FONT_STACK = ["Noto Sans CJK TC", "DejaVu Sans", "sans-serif"]
CJK_FONT_FILES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]


def _register_cjk_font() -> None:
    # matplotlib measures text with the font it knows; a font cache built before fonts-noto-cjk was
    # installed does not know it, and Chinese labels would be laid out with missing glyphs.
    if any(f.name == "Noto Sans CJK TC" for f in font_manager.fontManager.ttflist):
        return
    for path in CJK_FONT_FILES:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError):
            continue


_register_cjk_font()
INK, GRID, FILL = "#1d3557", "#c9d1d9", "#2a6f97"


STYLE = {"svg.fonttype": "none", "font.family": FONT_STACK, "svg.hashsalt": "portal"}


def _svg(figure: Figure, title: str, prefix: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Title": title})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and doctype: the SVG goes inline in HTML
    # matplotlib numbers its ids from 1 in every figure; two charts on one page would share them
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    return re.sub(r'(url\(#|href="#)([^")]+)', rf"\1{prefix}-\2", svg)


def radar(labels: list[str], scores: list[Decimal | None], *, title: str) -> str:
    """A radar of 0-100 scores; a missing score is drawn at 0 and labelled "–"."""
    with matplotlib.rc_context(STYLE):  # text takes its font when created, so the style wraps it all
        return _radar(labels, scores, title)


def _radar(labels: list[str], scores: list[Decimal | None], title: str) -> str:
    values = [float(s) if s is not None else 0.0 for s in scores]
    angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
    figure = Figure(figsize=(5.2, 4.6))
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)  # first dimension at the top, then clockwise
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 100)
    axes.set_rlabel_position(180 / len(labels))
    axes.set_yticks([25, 50, 75, 100], labels=["25", "50", "75", "100"], color="#59636e", fontsize=7)
    axes.set_xticks(
        angles,
        labels=[f"{label}\n{_shown(s)}" for label, s in zip(labels, scores, strict=True)],
        fontsize=8,
        color=INK,
    )
    axes.grid(color=GRID)
    closed_angles, closed_values = [*angles, angles[0]], [*values, values[0]]
    axes.plot(closed_angles, closed_values, color=FILL, linewidth=2)
    axes.fill(closed_angles, closed_values, color=FILL, alpha=0.25)
    axes.spines["polar"].set_color(GRID)
    return _svg(figure, title, "radar")


def bars(labels: list[str], scores: list[Decimal | None], *, title: str) -> str:
    """Horizontal bars of 0-100 scores, for comparing a handful of values."""
    with matplotlib.rc_context(STYLE):
        return _bars(labels, scores, title)


def _bars(labels: list[str], scores: list[Decimal | None], title: str) -> str:
    values = [float(s) if s is not None else 0.0 for s in scores]
    figure = Figure(figsize=(5.6, 0.55 * len(labels) + 0.6))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=FILL, height=0.6)
    axes.set_yticks(positions, labels=labels, fontsize=8, color=INK)
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.tick_params(axis="x", labelsize=7, colors="#59636e")
    for position, score in zip(positions, scores, strict=True):
        axes.text(101, position, _shown(score), va="center", fontsize=8, color=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    return _svg(figure, title, "bars")


def _shown(score: Decimal | None) -> str:
    return "–" if score is None else f"{score}"
