"""The figures of a period, day by day: each settled day counted once from the exchanges and feedback and kept in
the `day_totals` tables; the days still open (and any part of a day at the edges of the period) counted as asked.

Without the kept totals, the figures page read every exchange of the period on every view, which grows with the
store (seconds at a million exchanges). A day is settled an hour after it ends in UTC: the service records an
exchange and its feedback at the time they happen, so nothing lands on a settled day afterwards, and the hour
covers a request that straddles midnight and clocks that differ a little between hosts. Whatever writes into a
settled day after all (a back-dated import, a purge) forgets that day's totals in the same transaction, and the
next view counts it again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Column, Connection, case, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from . import tables as t
from .base import DayFigures

T = TypeVar("T")

SETTLE = timedelta(hours=1)
"""How long after its end (UTC) a day is settled: from then on its totals are counted once and kept."""
RUN_DAYS = 7
"""Days counted by one set of queries (and kept in one short write), so that no read or lock grows with a period."""

_TOTALS = (t.day_totals, t.day_entries, t.day_conflicts)


def day_start(day: str) -> str:
    """The store time at which a UTC day (YYYY-MM-DD) begins, comparable as text with every `created`."""
    return f"{day}T00:00:00.000000+00:00"


def _as_time(bound: str) -> str:
    """A bound as a store time; a bare date means the start of that day."""
    return day_start(bound) if len(bound) == 10 else bound


def _next(day: str, n: int = 1) -> str:
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


def first_open_day(moment: datetime) -> str:
    """The first day that is not settled at `moment`: every earlier day ended at least `SETTLE` before it."""
    return (moment - SETTLE).date().isoformat()


def split(start: str, end: str, earliest: str | None, open_from: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The settled whole days inside [start, end), from the earliest data on, and the time ranges left to count.

    `earliest` is the store time of the oldest exchange or feedback (None when there is none); `open_from` is the
    first day that is not settled."""
    start, end = _as_time(start), _as_time(end)
    if earliest is None or start >= end:
        return [], [(start, end)] if start < end else []
    first = start[:10] if day_start(start[:10]) >= start else _next(start[:10])
    first = max(first, earliest[:10])
    stop = min(end[:10], open_from)  # every day before `stop` has ended by `end`, and is settled
    days = []
    day = first
    while day < stop:
        days.append(day)
        day = _next(day)
    if not days:
        return [], [(start, end)]
    live = []
    if start < day_start(days[0]):
        live.append((start, day_start(days[0])))
    if day_start(stop) < end:
        live.append((day_start(stop), end))
    return days, live


def _runs(days: list[str]) -> list[list[str]]:
    """Consecutive days in groups of at most `RUN_DAYS`."""
    runs: list[list[str]] = []
    for day in days:
        if runs and len(runs[-1]) < RUN_DAYS and _next(runs[-1][-1]) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


class DayTotals:
    """The figures of a period for one SQL store, read from kept day totals where the days are settled.

    `rows` runs a query and returns its rows; `write` runs a function in one write transaction."""

    def __init__(
        self,
        rows: Callable[[Any], list[Any]],
        write: Callable[[Callable[[Connection], Any]], Any],
        dialect: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self._rows = rows
        self._write = write
        self._insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        self._clock = clock

    # ---- the three figures -----------------------------------------------------------------------
    def day_figures(self, start: str, end: str) -> list[DayFigures]:
        """Questions, answers, declines and feedback per UTC day in [start, end), for days with any."""
        days, live = self._settle(start, end)
        found: dict[str, DayFigures] = {}
        if days:
            d = t.day_totals
            query = select(d).where(d.c.day >= days[0], d.c.day <= days[-1], (d.c.questions > 0) | (d.c.votes > 0))
            for r in self._rows(query):
                found[r.day] = DayFigures(r.day, r.questions, r.answered, r.declined, r.votes, r.helpful)
        for lo, hi in live:
            for figures in self._count_days(lo, hi):
                found[figures.day] = _add(found.get(figures.day), figures)
        return [found[day] for day in sorted(found) if found[day].questions or found[day].votes]

    def top_entries(self, start: str, end: str, limit: int) -> list[tuple[str, int]]:
        """The most answered entries in [start, end) and how often each was answered."""
        counts = self._summed(start, end, t.day_entries.c.entry_id, t.day_entries.c.answered, self._count_entries)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def conflicts_shown(self, start: str, end: str) -> dict[str, int]:
        """How often each conflict was shown in [start, end)."""
        return dict(
            self._summed(start, end, t.day_conflicts.c.conflict_id, t.day_conflicts.c.shown, self._count_conflicts)
        )

    def _summed(
        self,
        start: str,
        end: str,
        key: Column[str],
        count: Column[int],
        counted: Callable[[str, str], Counter[tuple[str, str]]],
    ) -> Counter[str]:
        """A count per key over [start, end): kept days' `count` summed by `key`, the rest `counted` as asked."""
        days, live = self._settle(start, end)
        totals: Counter[str] = Counter()
        if days:
            day = key.table.c.day
            query = select(key, func.sum(count)).where(day >= days[0], day <= days[-1]).group_by(key)
            totals.update({k: int(n) for k, n in self._rows(query)})
        for lo, hi in live:
            for (_day, k), n in counted(lo, hi).items():
                totals[k] += n
        return totals

    # ---- keeping the totals ----------------------------------------------------------------------
    def forget(self, conn: Connection, days: Iterable[str] = (), through: str | None = None) -> None:
        """Drop the kept totals of `days` and of every day up to and including `through`, inside a write."""
        days = sorted(set(days))
        for table in _TOTALS:
            if days:
                conn.execute(delete(table).where(table.c.day.in_(days)))
            if through is not None:
                conn.execute(delete(table).where(table.c.day <= through))

    def is_settled(self, created: str) -> bool:
        """Whether a store time falls on a settled day (so that writing there must forget the day's totals)."""
        return created[:10] < first_open_day(self._clock())

    def _settle(self, start: str, end: str) -> tuple[list[str], list[tuple[str, str]]]:
        """Split the period, counting and keeping every settled day in it that is not kept yet."""
        days, live = split(start, end, self._earliest(), first_open_day(self._clock()))
        if days:
            d = t.day_totals
            kept = {r.day for r in self._rows(select(d.c.day).where(d.c.day >= days[0], d.c.day <= days[-1]))}
            for run in _runs([day for day in days if day not in kept]):
                self._keep(run)
        return days, live

    def _earliest(self) -> str | None:
        """The store time of the oldest exchange, feedback or kept day (each the first of an index)."""
        e, f, d = t.exchanges, t.feedback, t.day_totals
        query = select(func.min(e.c.created)).union_all(select(func.min(f.c.created)), select(func.min(d.c.day)))
        found = [_as_time(r[0]) for r in self._rows(query) if r[0] is not None]
        return min(found, default=None)

    def _keep(self, run: list[str]) -> None:
        """Count a run of consecutive settled days (reads only) and keep the totals in one short write."""
        lo, hi = day_start(run[0]), day_start(_next(run[-1]))
        figures = {f.day: f for f in self._count_days(lo, hi)}
        entries = self._count_entries(lo, hi)
        conflicts = self._count_conflicts(lo, hi)
        totals = [
            {
                "day": day,
                "questions": figures[day].questions if day in figures else 0,
                "answered": figures[day].answered if day in figures else 0,
                "declined": figures[day].declined if day in figures else 0,
                "votes": figures[day].votes if day in figures else 0,
                "helpful": figures[day].helpful if day in figures else 0,
            }
            for day in run
        ]
        entry_rows = [{"day": d, "entry_id": k, "answered": n} for (d, k), n in entries.items()]
        conflict_rows = [{"day": d, "conflict_id": k, "shown": n} for (d, k), n in conflicts.items()]

        def keep(conn: Connection) -> None:
            # Another process may count the same days at the same moment: both count the same, the first keeps.
            for table, rows in ((t.day_entries, entry_rows), (t.day_conflicts, conflict_rows), (t.day_totals, totals)):
                if rows:
                    conn.execute(self._insert(table).on_conflict_do_nothing(), rows)

        self._write(keep)

    # ---- counting from the exchanges ---------------------------------------------------------------
    def _count_days(self, lo: str, hi: str) -> list[DayFigures]:
        e, f = t.exchanges, t.feedback
        day = func.substr(e.c.created, 1, 10)
        asked = {
            r.day: r
            for r in self._rows(
                select(
                    day.label("day"),
                    func.count().label("questions"),
                    func.sum(case((e.c.fallback == 0, 1), else_=0)).label("answered"),
                    func.sum(case((e.c.fallback == 1, 1), else_=0)).label("declined"),
                )
                .where(e.c.created >= lo, e.c.created < hi)
                .group_by(day)
            )
        }
        vote_day = func.substr(f.c.created, 1, 10)
        votes = {
            r.day: r
            for r in self._rows(
                select(vote_day.label("day"), func.count().label("votes"), func.sum(f.c.helpful).label("helpful"))
                .where(f.c.created >= lo, f.c.created < hi)
                .group_by(vote_day)
            )
        }
        out = []
        for name in sorted(set(asked) | set(votes)):
            a, v = asked.get(name), votes.get(name)
            out.append(
                DayFigures(
                    day=name,
                    questions=int(a.questions) if a else 0,
                    answered=int(a.answered) if a else 0,
                    declined=int(a.declined) if a else 0,
                    votes=int(v.votes) if v else 0,
                    helpful=int(v.helpful or 0) if v else 0,
                )
            )
        return out

    def _count_entries(self, lo: str, hi: str) -> Counter[tuple[str, str]]:
        e = t.exchanges
        day = func.substr(e.c.created, 1, 10)
        query = (
            select(day.label("day"), e.c.entry_id, func.count().label("n"))
            .where(e.c.entry_id.is_not(None), e.c.created >= lo, e.c.created < hi)
            .group_by(day, e.c.entry_id)
        )
        return Counter({(r.day, r.entry_id): int(r.n) for r in self._rows(query)})

    def _count_conflicts(self, lo: str, hi: str) -> Counter[tuple[str, str]]:
        e = t.exchanges
        shown: Counter[tuple[str, str]] = Counter()
        query = select(e.c.created, e.c.conflicts).where(e.c.conflicts != "[]", e.c.created >= lo, e.c.created < hi)
        for row in self._rows(query):
            for conflict_id in json.loads(row.conflicts):
                shown[(row.created[:10], conflict_id)] += 1
        return shown


def _add(a: DayFigures | None, b: DayFigures) -> DayFigures:
    if a is None:
        return b
    return DayFigures(
        a.day,
        a.questions + b.questions,
        a.answered + b.answered,
        a.declined + b.declined,
        a.votes + b.votes,
        a.helpful + b.helpful,
    )
