"""Where the folders shipped with the package are: the knowledge base and the widget's files.

An installed wheel carries them as the data packages `bot.knowledge` and `bot.web`; a checkout keeps them at its
top (`knowledge/`, `web/`), where an editable install maps them too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def shipped_folder(name: str) -> Path:
    """The folder of the shipped data package `bot.<name>` ("knowledge" or "web")."""
    try:
        spec = importlib.util.find_spec(f"bot.{name}")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return CHECKOUT / name
