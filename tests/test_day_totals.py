"""The figures of a period read kept totals for settled days and count the rest: the same figures either way, on
every backend, and a day counted again after anything writes into it (a back-dated import, a purge)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from test_store import exchange

from bot.store import Exchange, tables
from bot.store.day_totals import day_start, first_open_day, split


def _exchange(n: int, created: str, **changes) -> Exchange:
    return exchange(f"s{n % 3}", n, created=created, **changes)


# The store's clock is pinned to the middle of a day, so that no run lands in the hour in which yesterday settles.
NOW = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)


def _day(days_ago: int, hour: int = 12) -> str:
    moment = NOW.replace(hour=hour) - timedelta(days=days_ago)
    return moment.isoformat(timespec="microseconds")


@pytest.fixture
def store(backend_store):
    backend_store._days._clock = lambda: NOW
    return backend_store


def _figures(store, start, end):
    days = [(d.day, d.questions, d.answered, d.declined, d.votes, d.helpful) for d in store.day_figures(start, end)]
    return days, store.top_entries(start, end, 10), store.conflicts_shown(start, end)


def _fill(store) -> None:
    """Three past days and today: answers, declines, entries, conflicts, and feedback on two of them."""
    n = 0
    for days_ago, answered, declined in ((5, 3, 1), (4, 0, 2), (2, 2, 0), (0, 1, 1)):
        for i in range(answered + declined):
            ok = i < answered
            store.record_exchange(
                _exchange(
                    n,
                    _day(days_ago),
                    fallback=not ok,
                    confidence=0.9 if ok else 0.1,
                    entry_id=("e1" if i % 2 == 0 else "e2") if ok else None,
                    conflicts=["c1"] if ok and i == 0 else [],
                ),
                new_session=n < 3,
            )
            n += 1
    store.bulk_insert(
        "feedback",
        [
            {"reply_id": "s0-r0000", "created": _day(5, 13), "helpful": 1, "comment": None},
            {"reply_id": "s1-r0001", "created": _day(5, 14), "helpful": 0, "comment": "no"},
            {"reply_id": "s2-r0008", "created": _day(2, 13), "helpful": 1, "comment": None},
        ],
    )


def _kept_days(store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.scalars(select(tables.day_totals.c.day).order_by(tables.day_totals.c.day)))


def test_a_period_is_split_into_settled_whole_days_and_the_rest():
    earliest = "2026-11-20T08:00:00.000000+00:00"
    days, live = split("2026-11-28", "2026-12-04", earliest, open_from="2026-12-03")
    assert days == ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]
    assert live == [(day_start("2026-12-03"), day_start("2026-12-04"))]
    # A bound inside a day leaves that part of the day to be counted; nothing before the earliest data is kept.
    days, live = split("2026-11-18T06:00:00.000000+00:00", "2026-11-23T12:00:00+00:00", earliest, "2026-12-03")
    assert days == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert live == [
        ("2026-11-18T06:00:00.000000+00:00", day_start("2026-11-20")),
        (day_start("2026-11-23"), "2026-11-23T12:00:00+00:00"),
    ]
    assert split("2026-11-28", "2026-12-04", None, "2026-12-03") == (
        [],
        [(day_start("2026-11-28"), day_start("2026-12-04"))],
    )


def test_a_day_is_settled_an_hour_after_it_ends():
    assert first_open_day(datetime(2026, 12, 3, 0, 59, tzinfo=UTC)) == "2026-12-02"
    assert first_open_day(datetime(2026, 12, 3, 1, 0, tzinfo=UTC)) == "2026-12-03"


def test_kept_totals_give_the_figures_counted_from_the_exchanges(store):
    _fill(store)
    start, end = _day(10)[:10], _day(-1)[:10]
    first = _figures(store, start, end)
    days, entries, conflicts = first
    assert [d[1:] for d in days] == [(4, 3, 1, 2, 1), (2, 0, 2, 0, 0), (2, 2, 0, 1, 1), (2, 1, 1, 0, 0)]
    assert entries == [("e1", 4), ("e2", 2)]
    assert conflicts == {"c1": 3}
    # Every settled day from the first exchange on is kept, days without questions included; today is not.
    assert _kept_days(store) == [_day(d)[:10] for d in (5, 4, 3, 2, 1)]
    assert _figures(store, start, end) == first
    # A period that starts or ends inside a day counts that part of it.
    days, _, _ = _figures(store, _day(5, 13), _day(2, 12))
    assert [d[1:] for d in days] == [(0, 0, 0, 2, 1), (2, 0, 2, 0, 0)]


def test_settled_days_are_read_from_the_kept_totals(store):
    _fill(store)
    start, end = _day(10)[:10], _day(-1)[:10]
    before = _figures(store, start, end)
    # Rows removed behind the store's back (never done by the service) show that the kept totals are what is read.
    with store.engine.begin() as conn:
        conn.execute(delete(tables.feedback))
        conn.execute(delete(tables.exchanges).where(tables.exchanges.c.created < day_start(_day(0)[:10])))
    assert _figures(store, start, end) == before


def test_a_back_dated_write_counts_its_day_again(store):
    _fill(store)
    start, end = _day(10)[:10], _day(-1)[:10]
    _figures(store, start, end)
    store.record_exchange(_exchange(100, _day(4, 18), fallback=False, confidence=0.8, entry_id="e3"), False)
    store.bulk_insert("feedback", [{"reply_id": "s1-r0100", "created": _day(3, 1), "helpful": 0, "comment": None}])
    days, entries, _ = _figures(store, start, end)
    assert [d[1:] for d in days] == [
        (4, 3, 1, 2, 1),
        (3, 1, 2, 0, 0),
        (0, 0, 0, 1, 0),
        (2, 2, 0, 1, 1),
        (2, 1, 1, 0, 0),
    ]
    assert ("e3", 1) in entries
    # A write at the present time touches no kept day.
    kept = _kept_days(store)
    store.record_exchange(_exchange(101, _day(0, 14)), False)
    assert _kept_days(store) == kept


def test_a_purge_forgets_the_days_it_emptied(store):
    _fill(store)
    start, end = _day(10)[:10], _day(-1)[:10]
    _figures(store, start, end)
    # Every conversation was active today: a cutoff three days back purges nothing and keeps every total.
    assert store.purge_conversations(_day(3), 100)["sessions"] == 0
    assert len(_kept_days(store)) == 5
    assert store.purge_conversations(_day(-1), 100)["exchanges"] == 10
    assert _kept_days(store) == []
    assert _figures(store, start, end) == ([], [], {})


@pytest.mark.parametrize("days_ago", [0, 1])
def test_a_period_of_one_day(store, days_ago):
    store.record_exchange(_exchange(0, _day(days_ago, 6), fallback=False, confidence=0.9, entry_id="e1"), True)
    day = _day(days_ago)[:10]
    next_day = (datetime.fromisoformat(day_start(day)) + timedelta(days=1)).date().isoformat()
    for _ in range(2):
        days, entries, _ = _figures(store, day, next_day)
        assert [d[1:] for d in days] == [(1, 1, 0, 0, 0)] and entries == [("e1", 1)]
