"""What a build runs under: the cyclic garbage collector paused.

A build makes millions of small objects (words, n-grams, lists of ids) and frees few of them until it ends; the
collector, started again and again by the count of new objects, walks all of them each time and finds next to
nothing. Reference counting still frees what a build drops; cycles wait for the collector's next run after it.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def without_collector(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """`build` run with the cyclic garbage collector paused, and started again after it (unless it was off)."""

    @functools.wraps(build)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return paused
