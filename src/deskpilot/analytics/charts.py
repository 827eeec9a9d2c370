"""Small inline SVG charts rendered on the server: weekly lines with gaps and stacked bars.

Pure functions returning SVG markup as strings: no script, no external font or stylesheet, every text escaped, the
same input always giving the same output. Each chart carries ``role="img"``, an ``aria-label`` summarising the
latest values, and a ``<title>`` tooltip on every point or bar segment. The SVG is meant to be inlined in HTML, so it
carries no namespace declaration.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from deskpilot.analytics.formatting import euro, num, pct

Unit = Literal["percent", "number", "euro"]

PALETTE = ("#1f4e99", "#c2410c", "#1f7a4d", "#7c3aed", "#9a6700", "#0e7490")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "4 4")
FONT = "system-ui, -apple-system, Segoe UI, sans-serif"
AXIS = "#5b6475"
GRID = "#e3e6ec"
CHAR_WIDTH = 6.2  # estimated width of one 11 px character, for laying out legends
LABEL_SPACING = 44  # minimum horizontal room for one x-axis label


@dataclass(frozen=True)
class Series:
    """One named series of values, one per label; None is a gap."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class _Frame:
    """The plot area inside the SVG and the y scale."""

    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    y_low: float
    y_high: float

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    def x(self, index: int, count: int) -> float:
        """Centre of the index-th of `count` equal bands."""
        return self.left + (index + 0.5) * self.plot_width / max(count, 1)

    def y(self, value: float) -> float:
        """Vertical position of a value (clamped to the plot area)."""
        span = self.y_high - self.y_low or 1.0
        share = min(max((value - self.y_low) / span, 0.0), 1.0)
        return self.top + (1.0 - share) * self.plot_height


# --- formatting -----------------------------------------------------------------------------------------------------


def format_value(value: float | None, unit: Unit = "number", decimals: int = 2) -> str:
    """A value as shown in tooltips and summaries: `40.0 %`, `€17.50`, `3.33`, or `n/a`."""
    if unit == "percent":
        return pct(value)
    if unit == "euro":
        return euro(value)
    return num(value, decimals)


def _tick_label(value: float, step: float, unit: Unit) -> str:
    scale = 100.0 if unit == "percent" else 1.0
    digits = _decimals(step * scale)
    text = f"{value * scale:,.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return {"percent": f"{text} %", "euro": f"€{text}"}.get(unit, text)


def _decimals(step: float) -> int:
    for digits in range(5):
        if abs(round(step, digits) - step) < 1e-9:
            return digits
    return 4


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values from at most `low` to at least `high`, about `count` steps apart."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("tick bounds must be finite")
    low, high = min(low, high), max(low, high)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = (low - pad if low != 0 else low), high + pad
    raw = (high - low) / max(count, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw * (1 - 1e-9))
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _bounds(values: Sequence[float], y_min: float | None, y_max: float | None) -> tuple[float, float]:
    low = y_min if y_min is not None else min([0.0, *values])
    high = y_max if y_max is not None else max([low, *values])
    return low, high


# --- building blocks ------------------------------------------------------------------------------------------------


def _legend(names: Sequence[str], width: int, left: float, *, bars: bool,
            palette: Sequence[str] = PALETTE) -> tuple[list[str], float]:
    """Legend entries wrapped into rows above the plot; returns the markup and the height it takes."""
    parts: list[str] = []
    x, row = left, 0
    for i, name in enumerate(names):
        entry = 24 + len(name) * CHAR_WIDTH + 14
        if x + entry > width and x > left:
            x, row = left, row + 1
        y = 14 + row * 16
        color = palette[i % len(palette)]
        if bars:
            parts.append(f'<rect x="{_num(x)}" y="{y - 8}" width="12" height="10" fill="{color}"/>')
        else:
            dash = DASHES[i % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{_num(x)}" y1="{y - 3}" x2="{_num(x + 18)}" y2="{y - 3}" stroke="{color}" '
                         f'stroke-width="2.5"{dash_attr}/>')
        parts.append(f'<text x="{_num(x + 24)}" y="{y + 1}">{escape(name)}</text>')
        x += entry
    return parts, 14 + row * 16 + 12 if names else 10


def _axes(frame: _Frame, ticks: Sequence[float], unit: Unit, labels: Sequence[str], x_label: str,
          y_label: str) -> list[str]:
    """Gridlines, tick labels, x labels (thinned to fit) and the two axis titles."""
    parts: list[str] = []
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    for tick in ticks:
        y = _num(frame.y(tick))
        parts.append(f'<line x1="{_num(frame.left)}" y1="{y}" x2="{_num(frame.width - frame.right)}" y2="{y}" '
                     f'stroke="{GRID}"/>')
        parts.append(f'<text x="{_num(frame.left - 6)}" y="{y}" text-anchor="end" dominant-baseline="middle">'
                     f"{escape(_tick_label(tick, step, unit))}</text>")
    base = _num(frame.top + frame.plot_height)
    parts.append(f'<line x1="{_num(frame.left)}" y1="{base}" x2="{_num(frame.width - frame.right)}" y2="{base}" '
                 f'stroke="{AXIS}"/>')
    every = max(1, math.ceil(len(labels) / max(1, int(frame.plot_width // LABEL_SPACING))))
    for i, label in enumerate(labels):
        if (len(labels) - 1 - i) % every == 0:  # always label the latest week
            parts.append(f'<text x="{_num(frame.x(i, len(labels)))}" y="{_num(frame.top + frame.plot_height + 15)}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    if x_label:
        parts.append(f'<text x="{_num(frame.left + frame.plot_width / 2)}" y="{frame.height - 6}" '
                     f'text-anchor="middle" fill="{AXIS}">{escape(x_label)}</text>')
    if y_label:
        middle = _num(frame.top + frame.plot_height / 2)
        parts.append(f'<text x="12" y="{middle}" text-anchor="middle" transform="rotate(-90 12 {middle})" '
                     f'fill="{AXIS}">{escape(y_label)}</text>')
    return parts


def _svg(title: str, summary: str, frame: _Frame, body: Sequence[str]) -> str:
    label = f"{title}. {summary}" if summary else title
    head = (f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {frame.width} {frame.height}" '
            f'width="{frame.width}" height="{frame.height}" font-family="{FONT}" font-size="11" fill="#1d2330">')
    return "".join([head, f"<title>{escape(title)}</title>", f"<desc>{escape(summary)}</desc>", *body, "</svg>"])


def _no_data(frame: _Frame, message: str) -> str:
    return (f'<text x="{_num(frame.left + frame.plot_width / 2)}" y="{_num(frame.top + frame.plot_height / 2)}" '
            f'text-anchor="middle" fill="{AXIS}" font-size="13">{escape(message)}</text>')


def _latest(series: Series, labels: Sequence[str]) -> tuple[str, float] | None:
    for label, value in zip(reversed(labels), reversed(list(series.values)), strict=False):
        if value is not None:
            return label, value
    return None


def _summary(series: Sequence[Series], labels: Sequence[str], unit: Unit, decimals: int, empty: str) -> str:
    latest = [(s.name, found) for s in series if (found := _latest(s, labels)) is not None]
    if not latest:
        return empty
    return "Latest: " + "; ".join(f"{name} {format_value(value, unit, decimals)} ({label})"
                                  for name, (label, value) in latest) + "."


def _check(labels: Sequence[str], series: Sequence[Series], tooltip_labels: Sequence[str] | None) -> Sequence[str]:
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(labels)} labels")
    if tooltip_labels is not None and len(tooltip_labels) != len(labels):
        raise ValueError("tooltip_labels must have one entry per label")
    return tooltip_labels if tooltip_labels is not None else labels


# --- charts ---------------------------------------------------------------------------------------------------------


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, unit: Unit = "number",
               y_label: str = "", x_label: str = "ISO week", y_min: float | None = None,
               y_max: float | None = None, decimals: int = 2, tooltip_labels: Sequence[str] | None = None,
               empty: str = "No data for these weeks", width: int = 560, height: int = 240) -> str:
    """A multi-series line chart over labelled periods; a None value leaves a gap in its line."""
    tips = _check(labels, series, tooltip_labels)
    legend, legend_height = _legend([s.name for s in series], width, 56, bars=False)
    present = [v for s in series for v in s.values if v is not None and math.isfinite(v)]
    low, high = _bounds(present, y_min, y_max)
    ticks = nice_ticks(low, high)
    frame = _Frame(width, height, 56.0, legend_height, 12.0, 40.0 if x_label else 26.0, ticks[0], ticks[-1])
    body = [*legend, *_axes(frame, ticks, unit, labels, x_label, y_label)]
    if not present:
        body.append(_no_data(frame, empty))
    for i, s in enumerate(series):
        body.extend(_line(frame, s, i, labels, tips, unit, decimals))
    return _svg(title, _summary(series, tips, unit, decimals, empty), frame, body)


def _line(frame: _Frame, s: Series, index: int, labels: Sequence[str], tips: Sequence[str], unit: Unit,
          decimals: int) -> list[str]:
    color, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
    points = [(frame.x(j, len(labels)), frame.y(v), j, v) for j, v in enumerate(s.values)
              if v is not None and math.isfinite(v)]
    segments: list[list[tuple[float, float]]] = []
    previous = -2
    for x, y, j, _ in points:
        if j != previous + 1:
            segments.append([])
        segments[-1].append((x, y))
        previous = j
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<path d="{_path(seg)}" fill="none" stroke="{color}" stroke-width="2.5"{dash_attr}/>'
             for seg in segments if len(seg) > 1]
    for x, y, j, v in points:
        tip = f"{s.name} · {tips[j]}: {format_value(v, unit, decimals)}"
        parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{color}"><title>{escape(tip)}</title>'
                     "</circle>")
    return parts


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(("M" if k == 0 else "L") + f"{_num(x)} {_num(y)}" for k, (x, y) in enumerate(points))


def stacked_bar_chart(title: str, labels: Sequence[str], parts: Sequence[Series], *, unit: Unit = "percent",
                      y_label: str = "", x_label: str = "ISO week", y_max: float | None = None,
                      decimals: int = 2, notes: Sequence[str | None] | None = None,
                      tooltip_labels: Sequence[str] | None = None, empty: str = "No data for these weeks",
                      width: int = 560, height: int = 240, palette: Sequence[str] = PALETTE) -> str:
    """Stacked bars, one per label, made of the parts' values (coloured from ``palette`` in order); a label whose
    parts are all None has no bar."""
    tips = _check(labels, parts, tooltip_labels)
    if notes is not None and len(notes) != len(labels):
        raise ValueError("notes must have one entry per label")
    legend, legend_height = _legend([p.name for p in parts], width, 56, bars=True, palette=palette)
    totals = [sum(v for v in column if v is not None) if any(v is not None for v in column) else None
              for column in zip(*(p.values for p in parts), strict=True)] if parts else [None] * len(labels)
    present = [t for t in totals if t is not None]
    low, high = _bounds(present, 0.0, y_max)
    ticks = nice_ticks(low, high)
    frame = _Frame(width, height, 56.0, legend_height, 12.0, 40.0 if x_label else 26.0, ticks[0], ticks[-1])
    body = [*legend, *_axes(frame, ticks, unit, labels, x_label, y_label)]
    if not present:
        body.append(_no_data(frame, empty))
    bar = min(36.0, frame.plot_width / max(len(labels), 1) * 0.6)
    for j, total in enumerate(totals):
        x = frame.x(j, len(labels)) - bar / 2
        note = f" ({notes[j]})" if notes is not None and notes[j] else ""
        if total is None:
            body.append(f'<rect x="{_num(x)}" y="{_num(frame.y(0.0) - 2)}" width="{_num(bar)}" height="2" '
                        f'fill="{GRID}"><title>{escape(f"{tips[j]}: no data")}</title></rect>')
            continue
        stacked = 0.0
        for i, p in enumerate(parts):
            value = p.values[j]
            if value is None or value <= 0:
                continue
            top, bottom = frame.y(stacked + value), frame.y(stacked)
            tip = f"{p.name} · {tips[j]}: {format_value(value, unit, decimals)}{note}"
            body.append(f'<rect x="{_num(x)}" y="{_num(top)}" width="{_num(bar)}" height="{_num(bottom - top)}" '
                        f'fill="{palette[i % len(palette)]}"><title>{escape(tip)}</title></rect>')
            stacked += value
    return _svg(title, _summary(parts, tips, unit, decimals, empty), frame, body)


def count_axis_max(high: float, steps: int = 4) -> float:
    """The top of a count axis at or above `high` that `nice_ticks(0, top)` divides into `steps` whole steps."""
    magnitude = 1.0
    while True:
        for multiple in (1.0, 2.0, 5.0):
            if multiple * magnitude * steps >= high:
                return multiple * magnitude * steps
        magnitude *= 10.0


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, unit: Unit = "number",
              y_label: str = "", x_label: str = "", y_max: float | None = None, decimals: int = 2,
              tooltip_labels: Sequence[str] | None = None, summary: str | None = None,
              empty: str = "No data", width: int = 560, height: int = 240) -> str:
    """Bars side by side, one per series in each label's band, drawn from zero; a None value draws no bar."""
    tips = _check(labels, series, tooltip_labels)
    legend, legend_height = _legend([s.name for s in series], width, 56, bars=True)
    present = [v for s in series for v in s.values if v is not None and math.isfinite(v)]
    low, high = _bounds(present, None, y_max)
    ticks = nice_ticks(low, high)
    frame = _Frame(width, height, 56.0, legend_height, 12.0, 40.0 if x_label else 26.0, ticks[0], ticks[-1])
    body = [*legend, *_axes(frame, ticks, unit, labels, x_label, y_label)]
    if not present:
        body.append(_no_data(frame, empty))
    band = frame.plot_width / max(len(labels), 1)
    group = min(band * 0.8, 30.0 * max(len(series), 1))
    bar = group / max(len(series), 1)
    zero = frame.y(0.0)
    for j in range(len(labels)):
        left = frame.x(j, len(labels)) - group / 2
        for i, s in enumerate(series):
            value = s.values[j]
            if value is None or not math.isfinite(value):
                continue
            top, bottom = sorted((frame.y(value), zero))
            tip = f"{s.name} · {tips[j]}: {format_value(value, unit, decimals)}"
            body.append(f'<rect x="{_num(left + i * bar)}" y="{_num(top)}" width="{_num(bar)}" '
                        f'height="{_num(bottom - top)}" fill="{PALETTE[i % len(PALETTE)]}">'
                        f"<title>{escape(tip)}</title></rect>")
    text = summary if summary is not None else _summary(series, tips, unit, decimals, empty)
    return _svg(title, text, frame, body)
