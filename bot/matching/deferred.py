"""Leaves unused parts of scipy unloaded until something uses them, to keep each process small.

scikit-learn's utilities import `scipy.stats` (about 16 MB resident, most of a second) for helpers the matching
never calls; TF-IDF and naive Bayes do not need it. `defer` puts a placeholder module in its place: importing the
name still works, and the first attribute read loads the real module and hands it over, so a caller that does
use it gets exactly what it would have had.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

DEFERRED = ("scipy.stats",)
"""Modules scikit-learn imports at start-up that the matching does not use."""


class _Placeholder(types.ModuleType):
    """Stands for a module not loaded yet; the first attribute read loads it."""

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, real)
        self.__dict__.update(real.__dict__)  # a caller holding the placeholder reads the real module from now on
        return getattr(real, attr)


def defer(name: str) -> None:
    """Put a placeholder for module `name` (a submodule of a package) unless it is loaded or unavailable."""
    if name in sys.modules:
        return
    parent, _, child = name.rpartition(".")
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    placeholder = _Placeholder(name)
    placeholder.__spec__ = spec  # the import system reads it; a placeholder must not load on that read
    sys.modules[name] = placeholder
    setattr(importlib.import_module(parent), child, placeholder)


def defer_unused() -> None:
    """Defer every module of `DEFERRED`."""
    for name in DEFERRED:
        defer(name)
