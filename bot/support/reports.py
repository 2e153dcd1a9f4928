"""Figures over time and CSV exports of the store, for the support team. Pure core: no web framework here."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..store import Store

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_DAYS = 366
DEFAULT_DAYS = 30


class RangeError(ValueError):
    """A date range is malformed or backwards; the message says why."""


def parse_range(start: str | None, end: str | None, today: date | None = None) -> tuple[date, date]:
    """`from`/`to` as YYYY-MM-DD (both inclusive); by default the last 30 days up to today."""
    today = today or datetime.now(UTC).date()
    try:
        last = date.fromisoformat(end) if end else today
        first = date.fromisoformat(start) if start else last - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError:
        raise RangeError("dates are written YYYY-MM-DD, e.g. 2025-01-31") from None
    except OverflowError:  # the default start, 30 days before a 'to' in the calendar's first days
        raise RangeError(f"'from' must be given for a 'to' before {date.min + timedelta(days=DEFAULT_DAYS)}") from None
    if last == date.max:
        raise RangeError(f"'to' must be before {date.max}: the range ends at the start of the next day")
    if first > last:
        raise RangeError("'from' is after 'to'")
    if (last - first).days >= MAX_DAYS:
        raise RangeError(f"a range covers at most {MAX_DAYS} days")
    return first, last


def bounds(first: date, last: date) -> tuple[str, str]:
    """The range as store times: from the first day's start to the day after the last, in UTC."""
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    return start.isoformat(timespec="microseconds"), end.isoformat(timespec="microseconds")


def neutralise(value: Any) -> str:
    """A CSV cell that a spreadsheet will not read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(header: list[str], rows: list[Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(_cell(getattr(row, name))) for name in header])
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A value as the exports have always written it: flags as 0/1, lists as JSON."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps(value)
    return value


def exchanges_csv(store: Store, first: date, last: date) -> str:
    """Every exchange in the range as CSV, oldest first."""
    header = [
        "created",
        "session_id",
        "reply_id",
        "message",
        "answer",
        "entry_id",
        "confidence",
        "fallback",
        "conflicts",
        "lang",
        "latency_ms",
    ]
    return _csv(header, store.exchanges_between(*bounds(first, last)))


def feedback_csv(store: Store, first: date, last: date) -> str:
    """Every piece of feedback in the range as CSV, with the message and entry it was about."""
    header = ["created", "reply_id", "session_id", "helpful", "comment", "message", "entry_id"]
    return _csv(header, store.feedback_between(*bounds(first, last)))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def figures(store: Store, first: date, last: date, top: int = 10) -> dict[str, Any]:
    """Per day: questions, share answered, share declined, share helpful; top entries; conflicts shown."""
    span = bounds(first, last)
    per_day = {d.day: d for d in store.day_figures(*span)}
    days = []
    for n in range((last - first).days + 1):
        day = (first + timedelta(days=n)).isoformat()
        found = per_day.get(day)
        questions = found.questions if found else 0
        days.append(
            {
                "day": day,
                "questions": questions,
                "answered": _share(found.answered, questions) if found else None,
                "declined": _share(found.declined, questions) if found else None,
                "helpful": _share(found.helpful, found.votes) if found else None,
            }
        )
    entries = [{"entry_id": entry_id, "count": count} for entry_id, count in store.top_entries(*span, top)]
    shown = store.conflicts_shown(*span)
    conflicts = [{"conflict_id": c, "count": n} for c, n in sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days": days,
        "top_entries": entries,
        "conflicts": conflicts,
    }


def bars(
    values: list[tuple[str, float | None]],
    width: int = 600,
    height: int = 160,
    top: float | None = None,
    percent: bool = False,
) -> dict[str, Any]:
    """Geometry of a bar chart (for an SVG drawn by the page): one bar per (label, value); None draws nothing."""
    peak = top if top is not None else max([v for _, v in values if v is not None] + [1])
    step = width / max(len(values), 1)
    drawn = []
    for i, (label, value) in enumerate(values):
        h = 0.0 if value is None else (value / peak) * (height - 20) if peak else 0.0
        text = "none" if value is None else f"{value:.0%}" if percent else f"{value:g}"
        drawn.append(
            {
                "x": round(i * step + 1, 1),
                "y": round(height - h, 1),
                "w": round(max(step - 2, 1), 1),
                "h": round(h, 1),
                "label": label,
                "value": value,
                "text": text,
            }
        )
    shown_peak = f"{peak:.0%}" if percent else f"{peak:g}"
    return {"width": width, "height": height, "peak": shown_peak, "bars": drawn}
