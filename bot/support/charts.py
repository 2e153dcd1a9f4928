"""Charts of the support figures as geometry that a page draws as SVG: axes with values, a point per day, a gap for
a day without data, and the same figures as rows for a table view. Pure core: no web framework, no I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 34
"""Room around the plot for the value axis (left) and the day axis (bottom)."""
MAX_DAY_LABELS = 8
ROW = 30
"""Height of one bar of a ranking."""


@dataclass(frozen=True)
class Tick:
    """A labelled position on an axis."""

    at: float
    text: str


@dataclass(frozen=True)
class Point:
    """One day's value, where it is drawn and how it reads."""

    x: float
    y: float
    label: str
    text: str


@dataclass(frozen=True)
class Row:
    """One line of the chart's table view."""

    label: str
    text: str


@dataclass(frozen=True)
class DayChart:
    """A value per day: lines join days that have one, dots mark each; a day without data is a gap."""

    title: str
    width: int
    height: int
    plot: tuple[float, float, float, float]
    """Left, top, right and bottom of the plot area."""
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    lines: list[str]
    """SVG `points` of each run of consecutive days with data."""
    points: list[Point]
    rows: list[Row]
    summary: str
    kind: str = "days"


@dataclass(frozen=True)
class Bar:
    """One ranked item."""

    y: float
    width: float
    label: str
    text: str


@dataclass(frozen=True)
class RankChart:
    """Items ranked by a count, as horizontal bars with the count written at each bar's end."""

    title: str
    width: int
    height: int
    bars: list[Bar]
    rows: list[Row]
    summary: str
    kind: str = "rank"
    label_width: int = field(default=230)


def nice_top(peak: float) -> tuple[float, float]:
    """A round upper bound of a count axis at or above `peak`, and the step of its ticks (1, 2 or 5 times a power of
    ten, at most five steps)."""
    if peak <= 1:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(peak))
    for step in (magnitude / 10, magnitude / 5, magnitude / 2, magnitude, 2 * magnitude, 5 * magnitude):
        if step >= 1 and math.ceil(peak / step) <= 5:
            return math.ceil(peak / step) * step, step
    return 10 * magnitude, 2 * magnitude


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _day_label(day: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{parsed.day} {parsed:%b}"


def day_chart(
    title: str,
    values: list[tuple[str, float | None]],
    percent: bool = False,
    height: int = 220,
    none_text: str = "no data",
) -> DayChart:
    """A chart of one value per day (`None`: no data that day); shares (0 to 1) read as percentages."""
    fmt = (lambda v: f"{v:.0%}") if percent else _number
    known = [v for _, v in values if v is not None]
    top, step = (1.0, 0.25) if percent else nice_top(max(known, default=0))
    left, right, upper, lower = LEFT, WIDTH - RIGHT, TOP, height - BOTTOM
    span = max(len(values) - 1, 1)

    def x_of(i: int) -> float:
        return round(left + (right - left) * (i / span if len(values) > 1 else 0.5), 1)

    def y_of(v: float) -> float:
        return round(lower - (lower - upper) * (v / top), 1)

    y_ticks = [Tick(y_of(k * step), fmt(k * step)) for k in range(round(top / step) + 1)]
    every = max(1, math.ceil(len(values) / MAX_DAY_LABELS))
    x_ticks = [Tick(x_of(i), _day_label(day)) for i, (day, _) in enumerate(values) if i % every == 0]
    points: list[Point] = []
    lines: list[str] = []
    run: list[str] = []
    for i, (day, value) in enumerate(values):
        if value is None:
            if run:
                lines.append(" ".join(run))
            run = []
            continue
        point = Point(x_of(i), y_of(value), day, fmt(value))
        points.append(point)
        run.append(f"{point.x},{point.y}")
    if run:
        lines.append(" ".join(run))
    rows = [Row(day, none_text if value is None else fmt(value)) for day, value in values]
    missing = sum(1 for _, v in values if v is None)
    summary = f"{len(values)} days from {values[0][0]} to {values[-1][0]}" if values else "no days"
    if known:
        peak_day, peak = max(((d, v) for d, v in values if v is not None), key=lambda dv: dv[1])
        summary += f"; highest {fmt(peak)} on {peak_day}"
    if missing:
        summary += f"; {missing} day{'s' if missing != 1 else ''} with {none_text}"
    return DayChart(title, WIDTH, height, (left, upper, right, lower), y_ticks, x_ticks, lines, points, rows, summary)


def rank_chart(title: str, items: list[tuple[str, int]], none_text: str = "nothing in this range") -> RankChart:
    """Items with their counts, highest first, as bars scaled to the highest."""
    label_width = 230
    peak = max((n for _, n in items), default=0)
    room = WIDTH - label_width - 60  # the count is written after the bar
    bars = [
        Bar(round(8 + i * ROW, 1), round(max(room * n / peak, 2), 1) if peak else 0, label, _number(n))
        for i, (label, n) in enumerate(items)
    ]
    summary = f"{len(items)} items; highest {items[0][0]} with {_number(items[0][1])}" if items else none_text
    return RankChart(
        title,
        WIDTH,
        max(16 + len(items) * ROW, 40),
        bars,
        [Row(label, _number(n)) for label, n in items],
        summary,
        label_width=label_width,
    )
