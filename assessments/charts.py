"""Result charts as SVG, written directly, so they work without JavaScript and in PDF reports.

Text stays text in the page's or report's CJK font (Chinese labels are never drawn as paths). Every
chart has the same width and the same text sizes, so when the charts are shown side by side, at
the same width, their labels are the same size; LABEL_SIZE keeps them readable when a phone
shrinks a chart to the screen. Text widths are estimated (CJK one em, Latin about half), which is
enough to wrap labels; nothing depends on exact metrics.
"""

import math
import unicodedata
from decimal import Decimal
from html import escape

WIDTH = 520  # user units; both charts, so that they scale alike
LABEL_SIZE = 15
TICK_SIZE = 12
FONT = "Noto Sans CJK TC, Noto Sans, DejaVu Sans, sans-serif"
INK, MUTED, GRID, FILL = "#1d3557", "#59636e", "#c9d1d9", "#2a6f97"


def _text_width(text: str, size: float) -> float:
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.56 * size for ch in text)


def _wrap(text: str, max_width: float, size: float) -> list[str]:
    """Lines of at most `max_width`: Latin text breaks between words, CJK text between characters."""
    wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    pieces = list(text) if wide else text.split()
    lines, line = [], ""
    for piece in pieces:
        candidate = f"{line}{'' if wide or not line else ' '}{piece}"
        if line and _text_width(candidate, size) > max_width:
            lines.append(line)
            line = piece
        else:
            line = candidate
    return [*lines, line] if line else lines


def _shown(score: Decimal | None) -> str:
    return "–" if score is None else f"{score}"


def _value(score: Decimal | None) -> float:
    return float(score) if score is not None else 0.0


def _svg(prefix: str, title: str, height: float, body: list[str], key: str | None = None) -> str:
    """`key` (default: the prefix) names the title's id: several charts on one page need distinct ones."""
    ident = key or prefix
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{prefix}" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{ident}-title" font-family="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, lines: list[str], *, size: int, anchor: str = "start", **attributes) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if n == 0 else 1.25 * size:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{spans}</text>'


def radar(labels: list[str], scores: list[Decimal | None], *, title: str) -> str:
    """A radar of 0-100 scores, the first axis at the top and the rest clockwise; a missing score is
    drawn at 0 and labelled "–"."""
    count = len(labels)
    centre_x, radius, label_gap = WIDTH / 2, 118, 16
    top_lines = len(_wrap(labels[0], WIDTH * 0.6, LABEL_SIZE)) + 1 if labels else 0
    centre_y = radius + label_gap + top_lines * 1.25 * LABEL_SIZE + 4
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]

    def point(angle: float, value: float) -> tuple[float, float]:
        r = radius * value / 100
        return centre_x + r * math.cos(angle), centre_y + r * math.sin(angle)

    body = [
        f'<circle cx="{centre_x:.1f}" cy="{centre_y:.1f}" r="{radius * level / 100:.1f}" fill="none" '
        f'stroke="{GRID}" stroke-width="1"/>'
        for level in (25, 50, 75, 100)
    ]
    for angle in angles:
        x, y = point(angle, 100)
        body.append(
            f'<line x1="{centre_x:.1f}" y1="{centre_y:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
    tick_angle = -math.pi / 2 + math.pi / count  # between the first two axes, clear of the data labels
    for level in (25, 50, 75, 100):
        x, y = point(tick_angle, level)
        body.append(_text(x + 3, y, [str(level)], size=TICK_SIZE, fill=MUTED))
    if count:
        outline = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(a, _value(s)) for a, s in zip(angles, scores, strict=True))
        )
        body.append(
            f'<polygon points="{outline}" fill="{FILL}" fill-opacity="0.25" stroke="{FILL}" '
            f'stroke-width="2" stroke-linejoin="round"/>'
        )
    bottom = centre_y + radius
    for angle, label, score in zip(angles, labels, scores, strict=True):
        x, y = point(angle, 100 + 100 * label_gap / radius)
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        room = WIDTH * 0.6 if anchor == "middle" else (WIDTH - x if cos > 0 else x) - 4
        lines = [*_wrap(label, room, LABEL_SIZE), _shown(score)]
        height = 1.25 * LABEL_SIZE * (len(lines) - 1)
        if sin < -0.3:  # above the centre: the block ends just above the axis
            y -= height + 0.3 * LABEL_SIZE
        elif sin > 0.3:  # below: it starts just under it
            y += LABEL_SIZE * 0.9
        else:
            y -= height / 2 - 0.35 * LABEL_SIZE
        body.append(_text(x, y, lines, size=LABEL_SIZE, anchor=anchor, fill=INK))
        bottom = max(bottom, y + height + 0.4 * LABEL_SIZE)
    return _svg("radar", title, bottom + 6, body)


def bars(labels: list[str], scores: list[Decimal | None], *, title: str, key: str | None = None) -> str:
    """Horizontal bars of 0-100 scores, each under its label, for comparing a handful of values."""
    return _bars(labels, [_value(s) for s in scores], [_shown(s) for s in scores], 100, title=title, key=key)


def count_bars(labels: list[str], counts: list[int], *, title: str, key: str | None = None) -> str:
    """Horizontal bars of counts, scaled to the largest (an axis from 0 to a round number above it,
    in four whole steps)."""
    top = max(counts, default=0)
    unit = 4 * 10 ** max(len(str(top)) - 2, 0)
    ceiling = unit * max(math.ceil(top / unit), 1)
    return _bars(labels, [float(c) for c in counts], [str(c) for c in counts], ceiling, title=title, key=key)


def _bars(
    labels: list[str], values: list[float], shown: list[str], ceiling: float, *, title: str, key
) -> str:
    left, right = 6, WIDTH - 52  # room on the right for the value after a full bar
    span = right - left
    bar, gap = 16, 14
    body = []
    y = 0.0
    for label, value, text in zip(labels, values, shown, strict=True):
        lines = _wrap(label, span, LABEL_SIZE)
        baseline = y + LABEL_SIZE
        body.append(_text(left, baseline, lines, size=LABEL_SIZE, fill=INK))
        top = baseline + 1.25 * LABEL_SIZE * (len(lines) - 1) + 6
        length = span * value / ceiling
        body.append(
            f'<rect x="{left}" y="{top:.1f}" width="{span}" height="{bar}" fill="{GRID}" '
            'fill-opacity="0.35"/>'
        )
        body.append(f'<rect x="{left}" y="{top:.1f}" width="{length:.1f}" height="{bar}" fill="{FILL}"/>')
        body.append(
            _text(
                left + length + 6,
                top + bar - 3,
                [text],
                size=LABEL_SIZE,
                fill=INK,
                font_weight="bold",
            )
        )
        y = top + bar + gap
    axis = y
    body.append(f'<line x1="{left}" y1="{axis:.1f}" x2="{right}" y2="{axis:.1f}" stroke="{MUTED}"/>')
    for quarter in range(5):
        level = ceiling * quarter / 4
        x = left + span * quarter / 4
        body.append(f'<line x1="{x:.1f}" y1="{axis:.1f}" x2="{x:.1f}" y2="{axis + 4:.1f}" stroke="{MUTED}"/>')
        anchor = "start" if quarter == 0 else "middle"
        body.append(
            _text(x, axis + 4 + TICK_SIZE * 1.1, [str(int(level))], size=TICK_SIZE, anchor=anchor, fill=MUTED)
        )
    return _svg("bars", title, axis + 8 + TICK_SIZE * 1.4, body, key)
