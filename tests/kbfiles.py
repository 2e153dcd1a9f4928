"""Helpers for tests that break a copy of the knowledge base on purpose."""

import pytest
import yaml

from bot.kb import loader
from bot.kb.knowledge import KnowledgeError


def edit(path, change):
    """Load a YAML file, apply `change` to its data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(directory):
    """The validator's problems for the KB in `directory`, as one text (the load must fail)."""
    with pytest.raises(KnowledgeError) as info:
        loader.load(directory)
    return "\n".join(info.value.problems)
