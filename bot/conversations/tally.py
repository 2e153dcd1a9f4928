"""A count every server worker adds to and reads: exchanges answered but not recorded since the server started."""

from __future__ import annotations

import multiprocessing


class Tally:
    """A counter in shared memory: made before the server forks its workers, it is one count for all of them."""

    def __init__(self) -> None:
        self._value = multiprocessing.Value("q", 0)

    def add(self, amount: int = 1) -> int:
        """Add to the count; the count after."""
        with self._value.get_lock():
            self._value.value += amount
            return int(self._value.value)

    @property
    def value(self) -> int:
        """The count now."""
        return int(self._value.value)
