"""Exchange writes gathered into one transaction (as a gevent worker's requests share theirs): each write returns
once its own exchange is committed, a refused exchange leaves the others written, a fault fails them all."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from faults import read_only

from bot.devtools import writebench
from bot.store import StoreError, open_store
from bot.store.base import Exchange


def _until_gathered(store, count: int) -> Callable[[], None]:
    """A wait that lasts until `count` writes are in the batch being gathered (the others' threads are slower)."""

    def wait() -> None:
        deadline = time.monotonic() + 10
        while len(store._gathering or []) < count and time.monotonic() < deadline:
            time.sleep(0.001)

    return wait


def _record_in_threads(store, exchanges: list[Exchange]) -> list[BaseException | None]:
    """Each exchange recorded by a thread of its own, the first started first; what each write raised."""
    outcomes: list[BaseException | None] = [None] * len(exchanges)

    def record(n: int) -> None:
        try:
            store.record_exchange(exchanges[n], new_session=n == 0)
        except StoreError as exc:
            outcomes[n] = exc

    threads = [threading.Thread(target=record, args=(n,)) for n in range(len(exchanges))]
    threads[0].start()
    while store._gathering is None:  # the first write gathers: the others join it
        time.sleep(0.001)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.fixture
def store(tmp_path):
    opened = open_store(str(tmp_path / "s.sqlite"), timeout=2).init()
    yield opened
    opened.close()


def test_gathered_writes_share_one_transaction(store):
    store.gather_writes(_until_gathered(store, 4))
    exchanges = [writebench._exchange("s1", n) for n in range(4)]
    with store.statements_sent() as sent:
        outcomes = _record_in_threads(store, exchanges)
    assert outcomes == [None] * 4
    assert sent.count("BEGIN IMMEDIATE") == 1
    assert [e.reply_id for e in store.exchanges("s1")] == [e.reply_id for e in exchanges]


def test_a_refused_exchange_leaves_the_others_of_its_transaction_written(store):
    store.gather_writes(_until_gathered(store, 4))
    exchanges = [writebench._exchange("s1", n) for n in range(4)]
    exchanges[3] = Exchange(**{**exchanges[3].__dict__, "reply_id": exchanges[1].reply_id})  # a reply id reused
    outcomes = _record_in_threads(store, exchanges)
    assert [o is None for o in outcomes] == [True, True, True, False]
    assert "write failed" in str(outcomes[3])
    assert store.exchange_count("s1") == 3


def test_a_fault_fails_every_write_of_the_transaction_and_the_next_ones_recover(store, tmp_path):
    store.record_exchange(writebench._exchange("s1", 0), new_session=True)
    store.gather_writes(_until_gathered(store, 3))
    with read_only(tmp_path / "s.sqlite"):
        outcomes = _record_in_threads(store, [writebench._exchange("s1", n) for n in range(1, 4)])
    assert all(isinstance(o, StoreError) for o in outcomes)
    outcomes = _record_in_threads(store, [writebench._exchange("s1", n) for n in range(4, 7)])
    assert outcomes == [None] * 3
    assert store.exchange_count("s1") == 4


def test_without_a_wait_each_write_is_its_own_transaction(store):
    with store.statements_sent() as sent:
        for n in range(3):
            store.record_exchange(writebench._exchange("s1", n), new_session=n == 0)
    assert sent.count("BEGIN IMMEDIATE") == 3
